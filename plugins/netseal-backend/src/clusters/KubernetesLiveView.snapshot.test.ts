import { mockServices } from '@backstage/backend-test-utils';
import {
  KubeApiTestServer,
  networkPolicyApiResources,
  startKubeApiTestServer,
} from '@netseal/kube-api-test-server';
import { KubernetesLiveView } from './KubernetesLiveView';
import {
  serverState,
  TestCluster,
  testTiming,
  testTokens,
} from './__testUtils__/testClusters';

jest.setTimeout(30_000);

const baseline = {
  apiVersion: 'policy.networking.k8s.io/v1alpha1',
  kind: 'BaselineAdminNetworkPolicy',
  metadata: { name: 'default' },
  spec: {
    subject: { namespaces: {} },
    ingress: [{ name: 'deny-all', action: 'Deny', from: [{ namespaces: {} }] }],
  },
};

/**
 * A replica that does not hold a cluster's lease reads it on demand (a request's access
 * changes): its cluster-scoped network policy must be there too, or every verdict of the
 * request would be judged without the baseline; and no watch may be left behind.
 */
describe('KubernetesLiveView reading a cluster it does not watch', () => {
  let server: KubeApiTestServer;
  let cluster: TestCluster;
  let liveView: KubernetesLiveView;

  beforeAll(async () => {
    server = await startKubeApiTestServer({
      port: 0,
      seed: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
        baseline,
      ],
      tokens: testTokens,
      clusterName: 'shop-eu',
      extraResources: networkPolicyApiResources(),
    });
    cluster = {
      name: 'shop-eu',
      server,
      requests: [],
      details: () => ({
        name: 'shop-eu',
        url: server.url,
        auth: { kind: 'token', token: testTokens.reader.token },
        caData: server.caData,
      }),
    };
  });

  afterAll(async () => {
    await server?.stop();
  });

  beforeEach(() => {
    liveView = KubernetesLiveView.create({
      clusters: [cluster.details()],
      logger: mockServices.logger.mock(),
      timing: testTiming,
    });
  });

  afterEach(async () => {
    await liveView.stop();
  });

  it('lists its cluster-scoped policies once with the rest, without watching them', async () => {
    expect(liveView.clusterScopedPolicies('shop-eu').notKnown).toEqual([
      'no replica has reported the cluster yet',
    ]);

    await liveView.load(['shop-eu']);

    const policies = liveView.clusterScopedPolicies('shop-eu');
    expect(policies.notKnown).toBeUndefined();
    expect(
      policies.objects.map(object => `${object.kind} ${object.metadata.name}`),
    ).toEqual(['BaselineAdminNetworkPolicy default']);
    // The server's built-in namespaces and the seeded one.
    expect(
      liveView
        .namespaces('shop-eu')
        .map(ns => ns.name)
        .sort(),
    ).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
      'shop',
    ]);
    expect((await serverState(cluster)).openWatches).toBe(0);
  });

  it('shows what the replica watching the cluster reported, before any list here', () => {
    liveView.setReported('shop-eu', {
      connection: { state: 'connected', lastSyncedAt: new Date() },
      policyCount: 0,
      clusterScopedPolicies: {
        objects: [],
        counted: [
          { kind: 'CiliumNetworkPolicy', group: 'cilium.io', count: 3 },
        ],
      },
    });

    expect(liveView.clusterScopedPolicies('shop-eu')).toEqual({
      objects: [],
      counted: [{ kind: 'CiliumNetworkPolicy', group: 'cilium.io', count: 3 }],
    });
  });
});
