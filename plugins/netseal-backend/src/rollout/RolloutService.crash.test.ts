import { mockServices } from '@backstage/backend-test-utils';
import {
  computeSeal,
  GUARD_LABEL,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import type {
  MergedChange,
  NetsealChangeProvider,
} from '@netseal/backstage-plugin-netseal-node';
import { knex as createKnex, Knex } from 'knex';
import { stringify } from 'yaml';
import {
  kubeRequest,
  TestCluster,
} from '../clusters/__testUtils__/testClusters';
import { DatabaseRequestStore } from '../requests/DatabaseRequestStore';
import { DatabaseRolloutStore } from './DatabaseRolloutStore';
import { RolloutExecutor } from './RolloutExecutor';
import type { RolloutProgress } from './RolloutProgress';
import { RolloutService } from './RolloutService';
import type { RolloutStore } from './RolloutStore';
import {
  allowedFlows,
  checkoutEgress,
  livePolicies,
  newAllowPayments,
  oldAllowPayments,
  startRolloutCluster,
} from './__testUtils__/rolloutCluster';

jest.setTimeout(120_000);

const policiesPath =
  '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies';
const file = 'shop-eu/allow-payments.yaml';
const newSeal = computeSeal(newAllowPayments);
/** Five steps, each recorded as started and as finished, then the end. */
const WRITES = 11;

class Crash extends Error {}

const allowedOld = allowedFlows([oldAllowPayments, checkoutEgress]);
const allowedNew = allowedFlows([newAllowPayments, checkoutEgress]);

function unreviewedFlows(state: NetworkPolicy[]): string[] {
  return [...allowedFlows(state)].filter(
    flow => !allowedOld.has(flow) && !allowedNew.has(flow),
  );
}

/** A Git host where request 1's change is merged with one counted approval. */
const host: NetsealChangeProvider = {
  id: 'fake-host',
  supports: () => true,
  openChange: async () => {
    throw new Error('not used');
  },
  getChange: async () => {
    throw new Error('not used');
  },
  getMergedChange: async (): Promise<MergedChange> => ({
    state: 'merged',
    baseBranch: 'main',
    mergedInto: 'main',
    mergeCommitOnBase: true,
    mergeCommitSha: 'abc123',
    headSha: 'head',
    mergedBy: 'riley',
    reviews: [
      {
        reviewer: 'ana',
        decision: 'approved',
        commitSha: 'head',
        at: '2026-12-01T09:00:00Z',
        counted: true,
      },
    ],
    approvals: 1,
    files: { [file]: stringify(newAllowPayments) },
  }),
  commentOnChange: async () => {},
};

/**
 * The rollout store as one replica sees it, dying (throwing, and never again writing or
 * giving up its lease) right after its `crashAt`-th progress record, and listing the
 * namespace's policies at every record.
 */
function dyingStore(
  store: RolloutStore,
  cluster: TestCluster,
  observed: NetworkPolicy[][],
  crashAt?: number,
): RolloutStore {
  let writes = 0;
  let dead = false;
  const record = async (write: () => Promise<void>) => {
    if (dead) throw new Crash('dead');
    observed.push(await livePolicies(cluster));
    await write();
    writes += 1;
    if (writes === crashAt) {
      dead = true;
      throw new Crash(`died after progress record ${writes}`);
    }
  };
  return {
    begin: (...args) => store.begin(...args),
    get: (...args) => store.get(...args),
    setStatus: (...args) => store.setStatus(...args),
    acquireLocks: (...args) => store.acquireLocks(...args),
    releaseLocks: (...args) => store.releaseLocks(...args),
    claimLease: (...args) => store.claimLease(...args),
    releaseLease: async (...args) => {
      if (!dead) await store.releaseLease(...args);
    },
    listUnfinished: () => store.listUnfinished(),
    progress(requestId, clusterName, options): RolloutProgress {
      const inner = store.progress(requestId, clusterName, options);
      return {
        resumeFrom: () => inner.resumeFrom(),
        started: (phase, step) => record(() => inner.started(phase, step)),
        finished: (phase, step) => record(() => inner.finished(phase, step)),
        failed: (phase, step, error) =>
          record(() => inner.failed(phase, step, error)),
        rollbackStarted: (reason, notCreated) =>
          record(() => inner.rollbackStarted(reason, notCreated)),
        ended: outcome => record(() => inner.ended(outcome)),
      };
    },
  };
}

describe('RolloutService after a replica dies mid-rollout', () => {
  let cluster: TestCluster;
  let knex: Knex;

  beforeAll(async () => {
    cluster = await startRolloutCluster([]);
  });

  afterAll(async () => {
    await cluster.server.stop();
  });

  beforeEach(async () => {
    await kubeRequest(cluster, 'DELETE', policiesPath);
    for (const policy of [oldAllowPayments, checkoutEgress]) {
      await kubeRequest(cluster, 'POST', policiesPath, policy);
    }
    knex = createKnex({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
  });

  afterEach(async () => {
    await knex.destroy();
  });

  /** A merged request replacing allow-payments, and the stores it lives in. */
  async function mergedRequest() {
    const database = mockServices.database({ knex });
    const requestStore = await DatabaseRequestStore.create({
      database,
      newId: () => '1',
    });
    const rolloutStore = await DatabaseRolloutStore.create({ database });
    await requestStore.create(
      {
        entityRef: 'component:default/payments',
        reason: 'billing, not checkout, calls payments',
        requester: 'user:default/jane',
        providerId: host.id,
        changes: [
          {
            op: 'replace',
            cluster: 'shop-eu',
            namespace: 'shop',
            name: 'allow-payments',
            file,
            oldSeal: computeSeal(oldAllowPayments),
            newSeal,
            text: stringify(newAllowPayments),
            oldManifest: oldAllowPayments,
          },
        ],
      },
      new Date(),
    );
    await requestStore.setChangeRef(
      '1',
      {
        providerId: host.id,
        policySourceUrl: 'https://git.example.com/policies',
        branch: 'netseal/request-1',
        changeId: '7',
        url: 'https://git.example.com/policies/pull/7',
      },
      new Date(),
    );
    await requestStore.transition('1', {
      to: 'merged',
      actor: 'riley',
      at: new Date(),
    });
    return { requestStore, rolloutStore };
  }

  function replica(
    requestStore: DatabaseRequestStore,
    store: RolloutStore,
    now: () => Date = () => new Date(),
  ) {
    return new RolloutService({
      requests: {
        getStored: async id => (await requestStore.get(id))!,
        transition: async (id, options) =>
          (await requestStore.transition(id, { ...options, at: now() }))
            .request,
        list: options => requestStore.list(options),
      },
      store,
      providers: [host],
      cluster: name => (name === 'shop-eu' ? cluster.details() : undefined),
      liveState: {} as never,
      auditor: mockServices.auditor.mock(),
      logger: mockServices.logger.mock(),
      requiredApprovals: 1,
      autoStart: false,
      executor: (_details, { kubeConfig }) =>
        new RolloutExecutor({
          kubeConfig,
          attempts: 2,
          retry: { initialDelayMs: 1, maxDelayMs: 2 },
        }),
      now,
    });
  }

  it.each(Array.from({ length: WRITES }, (_, index) => index + 1))(
    'a replica that dies after progress record %i leaves a rollout another replica finishes once the lease lapses, with no unreviewed flow on the way',
    async crashAt => {
      const { requestStore, rolloutStore } = await mergedRequest();
      const observed: NetworkPolicy[][] = [];

      const first = replica(
        requestStore,
        dyingStore(rolloutStore, cluster, observed, crashAt),
      );
      await first.start('1', { userEntityRef: 'user:default/riley' });
      await first.settle();
      expect((await requestStore.get('1'))!.state).toBe('rolling-out');

      // Another replica, while the dead one's lease still runs: it waits.
      const second = replica(
        requestStore,
        dyingStore(rolloutStore, cluster, observed),
      );
      await second.resumeAll();
      await second.settle();
      expect((await requestStore.get('1'))!.state).toBe('rolling-out');

      // Ten minutes on, the lease has lapsed and it takes the rollout over.
      const later = replica(
        requestStore,
        dyingStore(rolloutStore, cluster, observed),
        () => new Date(Date.now() + 10 * 60_000),
      );
      await later.resumeAll();
      await later.settle();

      expect((await requestStore.get('1'))!.state).toBe('completed');
      const rollout = await rolloutStore.get('1');
      expect(rollout!.status).toBe('completed');
      expect(rollout!.clusters[0].steps.map(step => step.status)).toEqual([
        'done',
        'done',
        'done',
        'done',
        'done',
      ]);
      const live = await livePolicies(cluster);
      observed.push(live);
      const allowPayments = live.find(
        policy => policy.metadata.name === 'allow-payments',
      );
      expect(allowPayments && computeSeal(allowPayments)).toBe(newSeal);
      expect(
        live.filter(policy => policy.metadata.labels?.[GUARD_LABEL]),
      ).toEqual([]);
      // The locks went with the rollout's end.
      expect(await knex('netseal_rollout_locks')).toEqual([]);
      for (const state of observed) {
        expect(unreviewedFlows(state)).toEqual([]);
      }
    },
  );
});
