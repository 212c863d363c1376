import { mockServices } from '@backstage/backend-test-utils';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  computeSeal,
  GUARD_LABEL,
} from '@netseal/backstage-plugin-netseal-common';
import type { AdmissionHook } from '@netseal/kube-api-test-server';
import type { TestCluster } from '../clusters/__testUtils__/testClusters';
import {
  livePolicies,
  newAllowPayments,
  oldAllowPayments,
  startRolloutCluster,
} from './__testUtils__/rolloutCluster';
import {
  mergedAllowPaymentsRequest,
  mergingHost,
  rolloutReplica,
  rolloutStores,
  useRolloutTestState,
} from './__testUtils__/rolloutReplica';

jest.setTimeout(60_000);

describe('RolloutService', () => {
  let cluster: TestCluster;
  const state = useRolloutTestState(() => cluster);
  /** Refuses what the test says, as a cluster's own admission control would. */
  let refuse: AdmissionHook = () => ({ allowed: true });

  beforeAll(async () => {
    cluster = await startRolloutCluster([], attributes => refuse(attributes));
  });

  afterAll(async () => {
    await cluster.server.stop();
  });

  // After the shared reset of the cluster, which must not meet a refusing hook.
  afterEach(() => {
    refuse = () => ({ allowed: true });
  });

  async function setUp(
    options: Pick<Parameters<typeof rolloutReplica>[0], 'requestPageUrl'> = {},
  ) {
    const { requestStore, rolloutStore } = await rolloutStores(state.knex);
    const host = mergingHost();
    const auditor = mockServices.auditor.mock();
    const logger = mockServices.logger.mock();
    const sent: Parameters<NotificationService['send']>[0][] = [];
    const service = rolloutReplica({
      requestStore,
      store: rolloutStore,
      cluster,
      host,
      auditor,
      logger,
      notifications: {
        send: async notification => void sent.push(notification),
      },
      ...options,
    });
    return { requestStore, rolloutStore, host, auditor, logger, sent, service };
  }

  it('tells the requester and the owners, comments on the change, and audits who approved, merged and ran which steps as whom', async () => {
    const { requestStore, host, auditor, sent, service } = await setUp();
    const id = await mergedAllowPaymentsRequest(requestStore, host);

    await service.start(id, { userEntityRef: 'user:default/riley' });
    await service.settle();

    expect((await requestStore.get(id))!.state).toBe('completed');
    expect(sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: ['component:default/payments', 'user:default/jane'],
        },
        payload: expect.objectContaining({
          title: `Netseal rolled out request ${id}`,
          description:
            'shop-eu: completed; the new sealed policies are live and verified against their seals.',
          severity: 'normal',
          topic: 'netseal-rollout',
          link: 'https://git.example.com/policies/pull/7',
        }),
      },
    ]);
    expect(host.comments).toEqual([
      `**Netseal rolled out request ${id}**\n\nshop-eu: completed; the new sealed policies are live and verified against their seals.\n`,
    ]);
    const eventIds = auditor.createEvent.mock.calls.map(
      ([options]) => options.eventId,
    );
    expect(eventIds).toEqual([
      'rollout-approval-check',
      'rollout-start',
      'rollout',
    ]);
    const rolloutEvent = auditor.createEvent.mock.calls[2][0];
    expect(rolloutEvent.meta).toEqual(
      expect.objectContaining({
        requestId: id,
        startedBy: 'user:default/riley',
        approvedBy: ['ana'],
        mergedBy: 'riley',
        clusters: [
          expect.objectContaining({
            cluster: 'shop-eu',
            identity:
              'kube-admin (the token of netseal.clusters[shop-eu].rollout)',
            status: 'completed',
            steps: expect.arrayContaining([
              'rollout 2: Delete shop/allow-payments. (done)',
            ]),
          }),
        ],
      }),
    );
  });

  it('leaves the link out of the notification when the change is not on the web, as the notifications backend takes web links only', async () => {
    const { requestStore, host, sent, service } = await setUp();
    const id = await mergedAllowPaymentsRequest(requestStore, host);
    await requestStore.setChangeRef(
      id,
      {
        providerId: host.id,
        policySourceUrl: 'file:///srv/policies/payments',
        branch: `netseal/request-${id}`,
        changeId: id,
        url: `file:///srv/policies?branch=netseal/request-${id}`,
      },
      new Date(),
    );

    await service.start(id, { userEntityRef: 'user:default/riley' });
    await service.settle();

    expect(sent).toHaveLength(1);
    expect(sent[0].payload.link).toBeUndefined();
  });

  it("links the notification to the request's page in the portal, which shows the rollout step by step", async () => {
    const page = (request: { id: string }) =>
      `http://localhost:3000/catalog/default/component/payments/netseal?request=${request.id}`;
    const { requestStore, host, sent, service } = await setUp({
      requestPageUrl: page,
    });
    const id = await mergedAllowPaymentsRequest(requestStore, host);

    await service.start(id, { userEntityRef: 'user:default/riley' });
    await service.settle();

    expect(sent.map(notification => notification.payload.link)).toEqual([
      page({ id }),
    ]);
  });

  it('rolls back to the old sealed policy when the cluster refuses the new one, and says so', async () => {
    const { requestStore, rolloutStore, host, sent, service } = await setUp();
    const id = await mergedAllowPaymentsRequest(requestStore, host);
    refuse = ({ operation, object }) =>
      operation === 'CREATE' &&
      object?.metadata?.name === 'allow-payments' &&
      JSON.stringify(object).includes('billing')
        ? { allowed: false, message: 'policy bans billing', code: 403 }
        : { allowed: true };

    await service.start(id, { userEntityRef: 'user:default/riley' });
    await service.settle();

    const stored = (await requestStore.get(id))!;
    expect(stored.state).toBe('rolled-back');
    expect(stored.error).toEqual({
      kind: 'rollout-rolled-back',
      message: expect.stringMatching(
        /^shop-eu: rolled back to the old sealed policies \(cluster shop-eu: step 3 \(Create shop\/allow-payments, labelled netseal.io\/sealed=true.\) failed: .*policy bans billing/,
      ),
    });
    const live = await livePolicies(cluster);
    expect(
      live.map(policy => [policy.metadata.name, computeSeal(policy)]),
    ).toEqual(
      expect.arrayContaining([
        ['allow-payments', computeSeal(oldAllowPayments)],
      ]),
    );
    expect(live.filter(p => p.metadata.labels?.[GUARD_LABEL])).toEqual([]);
    const [cluster0] = (await rolloutStore.get(id))!.clusters;
    expect(cluster0.status).toBe('rolled-back');
    expect(
      cluster0.steps.filter(step => step.phase === 'rollback'),
    ).not.toEqual([]);
    expect(sent[0].payload).toEqual(
      expect.objectContaining({
        title: `Netseal rolled back request ${id}`,
        severity: 'high',
      }),
    );
  });

  it('fails, leaves the guards and raises an alert when even the rollback cannot restore the old policy', async () => {
    const { requestStore, host, logger, sent, service } = await setUp();
    const id = await mergedAllowPaymentsRequest(requestStore, host);
    refuse = ({ operation, object }) =>
      operation === 'CREATE' && object?.metadata?.name === 'allow-payments'
        ? { allowed: false, message: 'no allow-payments today', code: 403 }
        : { allowed: true };

    await service.start(id, { userEntityRef: 'user:default/riley' });
    await service.settle();

    expect((await requestStore.get(id))!.state).toBe('failed');
    const live = await livePolicies(cluster);
    expect(live.filter(p => p.metadata.labels?.[GUARD_LABEL])).toHaveLength(1);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringMatching(
        new RegExp(
          `^ALERT: the rollout of request ${id} failed and its rollback too\\. .*the guards that stood are left in place \\(shop/netseal-guard-`,
        ),
      ),
    );
    expect(sent[0].payload).toEqual(
      expect.objectContaining({
        title: `Netseal could not roll out request ${id}`,
        severity: 'critical',
      }),
    );
  });

  it('queues a second rollout of the same policy until the first ends, then runs it', async () => {
    const { requestStore, rolloutStore, host, service } = await setUp();
    const first = await mergedAllowPaymentsRequest(requestStore, host);
    const second = await mergedAllowPaymentsRequest(requestStore, host);
    // The first holds allow-payments, as if running on another replica.
    await rolloutStore.begin(
      {
        requestId: first,
        startedBy: 'system',
        approvedBy: ['ana'],
        changes: [],
        clusters: [],
      },
      new Date(),
    );
    await rolloutStore.acquireLocks(
      first,
      [{ cluster: 'shop-eu', namespace: 'shop', name: 'allow-payments' }],
      new Date(),
    );

    await service.start(second, { userEntityRef: 'user:default/riley' });
    await service.settle();
    expect(await rolloutStore.get(second)).toEqual(
      expect.objectContaining({
        status: 'queued',
        waitingFor: `request ${first} is rolling out shop/allow-payments in shop-eu; this rollout starts when that one ends`,
      }),
    );
    const untouched = (await livePolicies(cluster)).find(
      policy => policy.metadata.name === 'allow-payments',
    );
    expect(untouched && computeSeal(untouched)).toBe(
      computeSeal(oldAllowPayments),
    );

    await rolloutStore.setStatus(first, { status: 'completed' });
    await rolloutStore.releaseLocks(first);
    await service.resumeAll();
    await service.settle();
    expect((await rolloutStore.get(second))!.status).toBe('completed');
    const allowPayments = (await livePolicies(cluster)).find(
      policy => policy.metadata.name === 'allow-payments',
    );
    expect(allowPayments && computeSeal(allowPayments)).toBe(
      computeSeal(newAllowPayments),
    );
  });
});
