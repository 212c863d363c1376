import { KubernetesLiveView } from './KubernetesLiveView';
import { LiveViewEvent } from './LiveView';
import {
  createPolicyBehindTheApi,
  createRecordingLiveView,
  kubeRequest,
  refuseConnections,
  serverState,
  shopPoliciesPath,
  shopPolicy,
  startTestCluster,
  TestCluster,
} from './__testUtils__/testClusters';
import { pause, waitFor } from './__testUtils__/waitFor';

jest.setTimeout(30_000);

describe('KubernetesLiveView when the cluster misbehaves', () => {
  let shop: TestCluster;
  let liveView: KubernetesLiveView;
  let events: LiveViewEvent[];

  const hasPolicy = (name: string) => () =>
    liveView.networkPolicies('shop-eu').some(p => p.metadata.name === name);
  /**
   * The connection's states in order, a state repeated only when another came between:
   * an outage is told again when its reason changes (a reset connection fails with
   * ECONNRESET or "socket hang up" from one retry to the next), which is not a new state.
   */
  const connectionStates = () =>
    events
      .flatMap(e => (e.type === 'connection' ? [e.connection.state] : []))
      .filter((state, index, states) => state !== states[index - 1]);

  beforeEach(async () => {
    shop = await startTestCluster('shop-eu', 'shopCluster.yaml');
    ({ liveView, events } = createRecordingLiveView([shop.details()]));
    await liveView.start();
    if (liveView.connection('shop-eu').state !== 'connected') {
      throw new Error('the test cluster did not connect');
    }
  });

  afterEach(async () => {
    await liveView.stop();
    await shop.server.stop();
  });

  it('resumes dropped watches without calling the cluster unreachable', async () => {
    const requestsBefore = liveView.requestCount('shop-eu');
    shop.server.faults.dropWatches();
    await kubeRequest(
      shop,
      'POST',
      shopPoliciesPath,
      shopPolicy('after-drop', 81),
    );

    await waitFor(hasPolicy('after-drop'), 'the policy created after the drop');
    await waitFor(
      () => liveView.requestCount('shop-eu') >= requestsBefore + 3,
      'three new watches',
    );
    expect(connectionStates()).toEqual(['connected']);
    // Resumed from the last resourceVersion: no kind needed a new list.
    expect(
      shop.requests.filter(
        line => line.startsWith('GET /apis/') && !line.includes('watch=true'),
      ),
    ).toHaveLength(1);
  });

  it('lists again after a 410 Gone and sees what changed while the watch was down', async () => {
    // Watches fail, so the policy created now reaches the view only through a new list.
    shop.server.faults.set({ rules: [{ verb: 'watch', code: 500 }] });
    shop.server.faults.dropWatches();
    await waitFor(
      () => liveView.connection('shop-eu').state === 'unreachable',
      'the failing watches to count as an outage',
    );
    await kubeRequest(
      shop,
      'POST',
      shopPoliciesPath,
      shopPolicy('during-outage', 82),
    );
    await kubeRequest(shop, 'DELETE', `${shopPoliciesPath}/deny-all`);
    shop.server.faults.compactHistory();
    events.length = 0;

    shop.server.faults.reset();

    await waitFor(
      () => liveView.connection('shop-eu').state === 'connected',
      'the cluster to be connected again',
    );
    await waitFor(
      hasPolicy('during-outage'),
      'the policy created in the outage',
    );
    expect(hasPolicy('deny-all')()).toBe(false);
    const resynced = events.findIndex(
      e => e.type === 'resynced' && e.kind === 'NetworkPolicy',
    );
    const added = events.findIndex(
      e =>
        e.type === 'object' &&
        e.change === 'added' &&
        e.kind === 'NetworkPolicy' &&
        e.object.name === 'during-outage',
    );
    const deleted = events.findIndex(
      e =>
        e.type === 'object' &&
        e.change === 'deleted' &&
        e.kind === 'NetworkPolicy' &&
        e.object.name === 'deny-all',
    );
    expect(added).toBeGreaterThanOrEqual(0);
    expect(deleted).toBeGreaterThanOrEqual(0);
    // The list's object events come first, then the announcement to recompute.
    expect(resynced).toBeGreaterThan(Math.max(added, deleted));
  });

  it('reports a failing watch as unreachable with the server’s answer', async () => {
    shop.server.faults.set({ rules: [{ verb: 'watch', code: 503 }] });
    shop.server.faults.dropWatches();

    await waitFor(
      () => liveView.connection('shop-eu').state === 'unreachable',
      'the outage',
    );
    expect(liveView.connection('shop-eu')).toEqual({
      state: 'unreachable',
      reason: 'cluster shop-eu unreachable: 503 Service Unavailable',
      since: expect.any(Date),
      lastSyncedAt: expect.any(Date),
    });
  });

  it.each([
    ['refuse' as const, /connect ECONNREFUSED 127\.0\.0\.1:\d+/],
    ['reset' as const, /ECONNRESET|socket hang up/],
  ])(
    'calls a cluster that %ss connections unreachable, then connected again, with changes made meanwhile',
    async (mode, expectedReason) => {
      await refuseConnections(shop, mode);
      await waitFor(
        () => liveView.connection('shop-eu').state === 'unreachable',
        'the outage',
      );
      const down = liveView.connection('shop-eu');
      expect(down.state === 'unreachable' && down.reason).toMatch(
        expectedReason,
      );
      expect(down.state === 'unreachable' && down.reason).toMatch(
        /^cluster shop-eu unreachable: /,
      );
      // The view keeps what it last saw.
      expect(liveView.networkPolicies('shop-eu')).toHaveLength(2);

      await createPolicyBehindTheApi(shop, shopPolicy('while-down', 83));
      await shop.server.faults.acceptConnections();

      await waitFor(
        () => liveView.connection('shop-eu').state === 'connected',
        'the cluster to come back',
      );
      await waitFor(hasPolicy('while-down'), 'the policy created while down');
      expect(connectionStates()).toEqual([
        'connected',
        'unreachable',
        'connected',
      ]);
    },
  );

  it('ends every watch when stopped', async () => {
    expect((await serverState(shop)).openWatches).toBe(3);

    await liveView.stop();

    await waitFor(
      async () => (await serverState(shop)).openWatches === 0,
      'the server to see the watches end',
    );
  });

  it('sends nothing more once stopped during an outage', async () => {
    await refuseConnections(shop, 'refuse');
    await waitFor(
      () => liveView.connection('shop-eu').state === 'unreachable',
      'the outage',
    );

    await liveView.stop();
    const requestsAtStop = shop.requests.length;
    await shop.server.faults.acceptConnections();
    // Several retry periods of the test timing (at most 500 ms each).
    await pause(1500);

    expect(shop.requests.length).toBe(requestsAtStop);
  });
});
