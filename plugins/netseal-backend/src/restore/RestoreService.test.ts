import { mockServices } from '@backstage/backend-test-utils';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  computeSeal,
  GUARD_LABEL,
  NetworkPolicy,
  SEAL_ANNOTATION,
} from '@netseal/backstage-plugin-netseal-common';
import type { AdmissionHook } from '@netseal/kube-api-test-server';
import { knex as createKnex, Knex } from 'knex';
import {
  kubeRequest,
  TestCluster,
} from '../clusters/__testUtils__/testClusters';
import { NetsealDatabase } from '../database/NetsealDatabase';
import type { PolicyDriftToStore } from '../database/DriftStore';
import {
  livePolicies,
  oldAllowPayments,
  startRolloutCluster,
} from '../rollout/__testUtils__/rolloutCluster';
import { RolloutExecutor } from '../rollout/RolloutExecutor';
import { RestoreService } from './RestoreService';

jest.setTimeout(60_000);

const PAYMENTS = 'component:default/payments';
const POLICIES = '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies';
const policy = {
  entityRef: PAYMENTS,
  cluster: 'shop-eu',
  namespace: 'shop',
  name: 'allow-payments',
};

/** allow-payments edited in place: anyone may reach payments on 8080, seal unchanged. */
function driftedAllowPayments(): NetworkPolicy {
  const drifted = structuredClone(oldAllowPayments);
  drifted.spec.ingress = [{ ports: [{ port: 8080 }] }];
  return drifted;
}

describe('RestoreService', () => {
  let cluster: TestCluster;
  let knex: Knex;
  /** Refuses what the test says, as a cluster's own admission control would. */
  let refuse: AdmissionHook = () => ({ allowed: true });

  beforeAll(async () => {
    cluster = await startRolloutCluster([], attributes => refuse(attributes));
  });

  afterAll(async () => {
    await cluster.server.stop();
  });

  beforeEach(async () => {
    refuse = () => ({ allowed: true });
    await kubeRequest(cluster, 'DELETE', POLICIES);
    knex = createKnex({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
  });

  afterEach(async () => {
    await knex.destroy();
  });

  /** The live allow-payments, and the drift store's verdict on it. */
  async function setUp(options: {
    live?: NetworkPolicy;
    status: PolicyDriftToStore['status'];
  }) {
    if (options.live) {
      await kubeRequest(cluster, 'POST', POLICIES, options.live);
    }
    const database = await NetsealDatabase.create({
      database: mockServices.database({ knex }),
    });
    await database.driftStore.replaceStatuses({
      entityRef: PAYMENTS,
      statuses: [
        {
          cluster: 'shop-eu',
          namespace: 'shop',
          name: 'allow-payments',
          status: options.status,
          seal: computeSeal(oldAllowPayments),
          ...(options.live ? { liveDigest: computeSeal(options.live) } : {}),
          differences: [],
          sealedManifest: oldAllowPayments,
          liveManifest: options.live,
        },
      ],
      checkedAt: new Date(),
    });
    const auditor = mockServices.auditor.mock();
    const sent: Parameters<NotificationService['send']>[0][] = [];
    const service = new RestoreService({
      store: database.restoreStore,
      rollouts: database.rolloutStore,
      drift: database.driftStore,
      liveView: {
        networkPolicies: () => (options.live ? [options.live] : []),
      },
      cluster: name => (name === 'shop-eu' ? cluster.details() : undefined),
      auditor,
      logger: mockServices.logger.mock(),
      notifications: { send: async n => void sent.push(n) },
      executor: (_details, { kubeConfig }) =>
        new RolloutExecutor({
          kubeConfig,
          attempts: 2,
          retry: { initialDelayMs: 1, maxDelayMs: 2 },
        }),
    });
    return { database, auditor, sent, service };
  }

  it('replaces a drifted live policy with its sealed version behind a guard, and reads it back against the seal', async () => {
    const drifted = driftedAllowPayments();
    const { service, auditor, sent } = await setUp({
      live: drifted,
      status: 'drifted',
    });
    const created: string[] = [];
    refuse = ({ operation, object }) => {
      if (operation === 'CREATE') created.push(object!.metadata.name!);
      return { allowed: true };
    };

    const started = await service.start(policy, {
      userEntityRef: 'user:default/riley',
    });
    expect(started.restore).toEqual(
      expect.objectContaining({
        driftStatus: 'drifted',
        seal: computeSeal(oldAllowPayments),
        liveDigest: computeSeal(drifted),
        requestedBy: 'user:default/riley',
        selfHeal: false,
      }),
    );
    await service.settle();

    const { id } = started.restore;
    expect(created).toEqual([`netseal-guard-${id}-1`, 'allow-payments']);
    const [live] = await livePolicies(cluster);
    expect(computeSeal(live)).toBe(computeSeal(oldAllowPayments));
    expect(live.metadata.labels).toEqual(
      expect.objectContaining({ 'netseal.io/sealed': 'true' }),
    );
    expect(live.metadata.annotations?.[SEAL_ANNOTATION]).toBe(
      computeSeal(oldAllowPayments),
    );
    const ended = (await service.get(id))!;
    expect(ended.rollout.status).toBe('completed');
    expect(
      ended.rollout.clusters[0].steps.map(
        step => `${step.status}: ${step.description}`,
      ),
    ).toEqual([
      `done: Create the guard shop/netseal-guard-${id}-1: deny all ingress of pods app=payments in namespace shop while the policies are swapped.`,
      'done: Delete shop/allow-payments.',
      'done: Create shop/allow-payments, labelled netseal.io/sealed=true.',
      `done: Read shop/allow-payments back and check its digest against ${computeSeal(
        oldAllowPayments,
      )}.`,
      `done: Delete the guard shop/netseal-guard-${id}-1.`,
    ]);
    expect(
      auditor.createEvent.mock.calls.map(([event]) => event.eventId),
    ).toEqual(['restore-start', 'restore']);
    expect(sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: [PAYMENTS, 'user:default/riley'],
        },
        payload: expect.objectContaining({
          title: 'Netseal restored shop/allow-payments in shop-eu to its seal',
          severity: 'normal',
          topic: 'netseal-restore',
        }),
      },
    ]);
  });

  it('creates a missing policy from its seal, and tells a self-heal as the backend own', async () => {
    const { service, sent, auditor } = await setUp({ status: 'missing' });

    const { restore } = await service.start(policy, {
      userEntityRef: 'system',
      selfHeal: true,
    });
    await service.settle();

    const live = await livePolicies(cluster);
    expect(live.map(p => computeSeal(p))).toEqual([
      computeSeal(oldAllowPayments),
    ]);
    expect((await service.get(restore.id))!.rollout.status).toBe('completed');
    expect(sent[0]).toEqual({
      recipients: { type: 'entity', entityRef: [PAYMENTS] },
      payload: expect.objectContaining({
        title: 'Netseal self-healed shop/allow-payments in shop-eu to its seal',
        topic: 'netseal-self-heal',
      }),
    });
    // Audited with no HTTP request: the auditor names the plugin as the actor.
    expect(auditor.createEvent.mock.calls[0][0]).toEqual(
      expect.objectContaining({
        eventId: 'restore-start',
        request: undefined,
        meta: expect.objectContaining({ selfHeal: true, actor: 'system' }),
      }),
    );
  });

  it('puts the drifted policy back, its guard lifted, when the cluster refuses the sealed one', async () => {
    const drifted = driftedAllowPayments();
    const { service, sent } = await setUp({ live: drifted, status: 'drifted' });
    // The sealed version names its peers; the drifted one lets anyone in.
    refuse = ({ operation, object }) =>
      operation === 'CREATE' &&
      object?.metadata.name === 'allow-payments' &&
      JSON.stringify(object.spec).includes('"from"')
        ? { allowed: false, message: 'a webhook refuses it' }
        : { allowed: true };

    const { restore } = await service.start(policy, {
      userEntityRef: 'user:default/riley',
    });
    await service.settle();

    const ended = (await service.get(restore.id))!;
    expect(ended.rollout.status).toBe('rolled-back');
    const live = await livePolicies(cluster);
    expect(live.map(p => p.metadata.name)).toEqual(['allow-payments']);
    expect(computeSeal(live[0])).toBe(computeSeal(drifted));
    expect(live.some(p => p.metadata.labels?.[GUARD_LABEL] !== undefined)).toBe(
      false,
    );
    expect(sent[0].payload).toEqual(
      expect.objectContaining({
        title:
          'Netseal could not restore shop/allow-payments in shop-eu and put the live policy back',
        severity: 'high',
      }),
    );
  });

  it.each([
    ['in-sync', 'is in-sync: the live policy matches its seal'],
    ['unsealed', 'is unsealed: it has no valid seal in Git'],
    ['unknown', 'its live state is not known'],
  ] as const)(
    'refuses a policy that is %s, naming why, and stores nothing',
    async (status, words) => {
      const { service, database } = await setUp({
        live: oldAllowPayments,
        status,
      });

      await expect(
        service.start(policy, { userEntityRef: 'user:default/riley' }),
      ).rejects.toThrow(words);
      expect(
        await database.restoreStore.listOfPolicy(policy, { limit: 10 }),
      ).toEqual([]);
    },
  );

  it('refuses while a rollout holds the policy, naming its request, and runs none of its steps', async () => {
    const drifted = driftedAllowPayments();
    const { service, database } = await setUp({
      live: drifted,
      status: 'drifted',
    });
    await knex('netseal_requests').insert({
      id: 'r1',
      entity_ref: PAYMENTS,
      state: 'rolling-out',
      reason: 'billing calls payments',
      requester: 'user:default/jane',
      changes: '[]',
      created_at: new Date(),
      updated_at: new Date(),
    });
    await database.rolloutStore.begin(
      {
        requestId: 'r1',
        startedBy: 'system',
        approvedBy: ['user:default/ana'],
        changes: [],
        clusters: [],
      },
      new Date(),
    );
    await database.rolloutStore.acquireLocks(
      'r1',
      [{ cluster: 'shop-eu', namespace: 'shop', name: 'allow-payments' }],
      new Date(),
    );

    await expect(
      service.start(policy, { userEntityRef: 'user:default/riley' }),
    ).rejects.toThrow(
      'shop/allow-payments in shop-eu is locked: request r1 is rolling it out',
    );
    await service.settle();
    const [live] = await livePolicies(cluster);
    expect(computeSeal(live)).toBe(computeSeal(drifted));
  });

  it('resumes a restore a stopped replica left half-way, from its last finished step', async () => {
    const drifted = driftedAllowPayments();
    const { service, database } = await setUp({
      live: drifted,
      status: 'drifted',
    });
    // The first replica stops right after the old object is deleted.
    let deletes = 0;
    refuse = ({ operation }) => {
      if (operation === 'DELETE' && ++deletes === 1) {
        setImmediate(() => void service.stop());
      }
      return { allowed: true };
    };
    const { restore } = await service.start(policy, {
      userEntityRef: 'user:default/riley',
    });
    await service.settle();
    const halfway = (await service.get(restore.id))!;
    expect(halfway.rollout.status).toBe('running');

    const replica = new RestoreService({
      store: database.restoreStore,
      rollouts: database.rolloutStore,
      drift: database.driftStore,
      liveView: { networkPolicies: () => [] },
      cluster: () => cluster.details(),
      auditor: mockServices.auditor.mock(),
      logger: mockServices.logger.mock(),
      executor: (_details, { kubeConfig }) =>
        new RolloutExecutor({
          kubeConfig,
          attempts: 2,
          retry: { initialDelayMs: 1, maxDelayMs: 2 },
        }),
      // The first replica's lease lapsed long ago.
      now: () => new Date(Date.now() + 10 * 60_000),
    });
    await replica.resumeAll();
    await replica.settle();

    expect((await replica.get(restore.id))!.rollout.status).toBe('completed');
    const live = await livePolicies(cluster);
    expect(live.map(p => computeSeal(p))).toEqual([
      computeSeal(oldAllowPayments),
    ]);
  });
});
