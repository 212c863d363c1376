import { mockServices } from '@backstage/backend-test-utils';
import {
  REAL_KUBERNETES_START_TIMEOUT_MS,
  RealKubernetes,
  seedRealKubernetes,
  startRealKubernetes,
} from '@netseal/real-kubernetes';
import request from 'supertest';
import { KubernetesLiveView } from '../../clusters/KubernetesLiveView';
import { LiveViewEvent } from '../../clusters/LiveView';
import { testTiming } from '../../clusters/__testUtils__/testClusters';
import { waitFor } from '../../clusters/__testUtils__/waitFor';
import { allowCheckout, sealed } from '../../__fixtures__/sealedPolicies';
import {
  createPolicyRepository,
  NetsealTestBackend,
  PolicyRepository,
  policiesPath,
  seedFor,
  startNetsealBackend,
} from '../__testUtils__/endToEnd';
import {
  policiesPathOf,
  realClusterConfig,
  realClusterDetails,
  realWrite,
} from './__testUtils__/realCluster';
import {
  SeverableProxy,
  startSeverableProxy,
} from './__testUtils__/severableProxy';

// Bounds for a loaded CI machine and a real control plane, not expectations of speed.
jest.setTimeout(120_000);

/**
 * Drift against a real kube-apiserver: its watch events, its RBAC answers and its 410
 * Gone after an etcd compaction. The API server serves watches from etcd here
 * (`watchCache: false`), so that a compaction shows at once, as it does in production
 * once a watch falls out of the watch cache's window.
 */
describe('drift on a real API server', () => {
  let real: RealKubernetes;
  let repository: PolicyRepository;
  let backend: NetsealTestBackend | undefined;

  beforeAll(async () => {
    real = await startRealKubernetes({ watchCache: false });
    await seedRealKubernetes(
      real.kubeConfig(),
      seedFor([sealed(allowCheckout)]),
    );
    repository = createPolicyRepository({
      'payments/prod-eu/allow-checkout.yaml': sealed(allowCheckout),
    });
  }, REAL_KUBERNETES_START_TIMEOUT_MS);

  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  afterAll(async () => {
    repository?.remove();
    await real?.stop();
  });

  async function statusOf(server: NetsealTestBackend['server']) {
    const res = await request(server).get(policiesPath);
    return res.body.items?.[0] as
      | { status: string; reason?: string }
      | undefined;
  }

  it('shows a sealed policy in sync, then drifted with the changed field after an in-place edit', async () => {
    backend = await startNetsealBackend({
      repository,
      clusters: [realClusterConfig('prod-eu', real)],
    });
    const { server } = backend;
    await waitFor(
      async () => (await statusOf(server))?.status === 'in-sync',
      'allow-checkout in sync',
      { timeoutMs: 60_000 },
    );

    const edited = sealed(allowCheckout);
    edited.spec.ingress![0].ports = [{ port: 9443 }];
    await realWrite(
      real,
      'admin',
      'PATCH',
      `${policiesPathOf('shop')}/allow-checkout`,
      { spec: edited.spec },
    );

    await waitFor(
      async () => (await statusOf(server))?.status === 'drifted',
      'allow-checkout drifted',
      { timeoutMs: 60_000 },
    );
    const detail = await request(server).get(
      `${policiesPath}/prod-eu/shop/allow-checkout`,
    );
    expect(detail.body.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: expect.stringContaining('spec.ingress[0].ports'),
        }),
      ]),
    );
    await realWrite(
      real,
      'admin',
      'PATCH',
      `${policiesPathOf('shop')}/allow-checkout`,
      { spec: allowCheckout.spec },
    );
    await waitFor(
      async () => (await statusOf(server))?.status === 'in-sync',
      'allow-checkout in sync again',
      { timeoutMs: 60_000 },
    );
  });

  it('shows unknown, naming the 403 and the fix, when RBAC forbids the read-only identity to list pods', async () => {
    // The rollout identity may list NetworkPolicies but nothing else.
    backend = await startNetsealBackend({
      repository,
      clusters: [realClusterConfig('prod-eu', real, { read: 'rollout' })],
    });
    const { server } = backend;
    await waitFor(
      async () => (await statusOf(server))?.status === 'unknown',
      'allow-checkout unknown',
      { timeoutMs: 60_000 },
    );
    expect((await statusOf(server))?.reason).toMatch(
      /^cluster prod-eu forbids reading \(forbidden\): the API server answered 403 Forbidden: .*User "netseal-rollout" cannot list resource "(pods|namespaces)" in API group "" at the cluster scope; grant Netseal's read-only identity get, list and watch on networkpolicies, pods and namespaces in all namespaces$/,
    );
  });

  describe('a watch whose resourceVersion etcd compacted away', () => {
    let proxy: SeverableProxy;
    let liveView: KubernetesLiveView;
    const events: LiveViewEvent[] = [];

    beforeAll(async () => {
      proxy = await startSeverableProxy(real.server);
    });

    afterAll(async () => {
      await liveView?.stop();
      await proxy?.close();
    });

    const names = () =>
      liveView
        .networkPolicies('real')
        .map(policy => `${policy.metadata.namespace}/${policy.metadata.name}`);

    it('gets 410 Gone from the real server, lists again, and sees what changed while it was cut off', async () => {
      const namespace = await real.createNamespace('compacted');
      const path = policiesPathOf(namespace);
      const policy = (name: string) => ({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name, namespace },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      });
      await realWrite(real, 'admin', 'POST', path, policy('deny-all'));

      liveView = KubernetesLiveView.create({
        clusters: [realClusterDetails('real', real, 'reader', proxy.url)],
        logger: mockServices.logger.mock(),
        timing: testTiming,
      });
      liveView.subscribe(event => events.push(event));
      await liveView.start();
      await waitFor(
        () => names().includes(`${namespace}/deny-all`),
        'the view to hold deny-all',
        { timeoutMs: 60_000 },
      );

      proxy.sever();
      await waitFor(
        () => liveView.connection('real').state === 'unreachable',
        'the cut-off cluster to count as unreachable',
        { timeoutMs: 60_000 },
      );
      await realWrite(real, 'admin', 'POST', path, policy('while-cut-off'));
      await realWrite(real, 'admin', 'DELETE', `${path}/deny-all`);
      await real.compactEtcd();
      events.length = 0;
      proxy.reconnect();

      await waitFor(
        () =>
          liveView.connection('real').state === 'connected' &&
          names().includes(`${namespace}/while-cut-off`) &&
          !names().includes(`${namespace}/deny-all`),
        'the view to hold what changed while cut off',
        { timeoutMs: 60_000 },
      );
      // Resuming the watch was refused (410), so the view listed again: the list's object
      // events come first, then the announcement to recompute.
      const isPolicyEvent = (
        event: LiveViewEvent,
        change: string,
        name: string,
      ) =>
        event.type === 'object' &&
        event.change === change &&
        event.kind === 'NetworkPolicy' &&
        event.object.name === name;
      const added = events.findIndex(e =>
        isPolicyEvent(e, 'added', 'while-cut-off'),
      );
      const deleted = events.findIndex(e =>
        isPolicyEvent(e, 'deleted', 'deny-all'),
      );
      const resynced = events.findIndex(
        e => e.type === 'resynced' && e.kind === 'NetworkPolicy',
      );
      expect(added).toBeGreaterThanOrEqual(0);
      expect(deleted).toBeGreaterThanOrEqual(0);
      expect(resynced).toBeGreaterThan(Math.max(added, deleted));

      // And the watch it opened afterwards delivers new events again.
      await realWrite(real, 'admin', 'POST', path, policy('after'));
      await waitFor(
        () => names().includes(`${namespace}/after`),
        'the policy created after the relist',
        { timeoutMs: 60_000 },
      );
    });
  });
});
