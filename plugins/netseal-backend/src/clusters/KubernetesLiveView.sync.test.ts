import { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';
import { KubernetesLiveView } from './KubernetesLiveView';
import { LiveViewEvent } from './LiveView';
import {
  createRecordingLiveView,
  kubeRequest,
  startTestCluster,
  TestCluster,
} from './__testUtils__/testClusters';
import { waitFor } from './__testUtils__/waitFor';

jest.setTimeout(30_000);

const policiesPath =
  '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies';

function names(items: Array<{ name?: string; metadata?: { name?: string } }>) {
  return items.map(item => item.name ?? item.metadata?.name).sort();
}

describe('KubernetesLiveView against two clusters', () => {
  let shop: TestCluster;
  let payments: TestCluster;
  let liveView: KubernetesLiveView;
  let events: LiveViewEvent[];

  beforeEach(async () => {
    shop = await startTestCluster('shop-eu', 'shopCluster.yaml');
    payments = await startTestCluster('payments-us', 'paymentsCluster.yaml');
    ({ liveView, events } = createRecordingLiveView([
      shop.details(),
      payments.details(),
    ]));
    await liveView.start();
  });

  afterEach(async () => {
    await liveView.stop();
    await shop.server.stop();
    await payments.server.stop();
  });

  it('holds each cluster’s policies, pods and namespaces after the first sync', () => {
    expect(liveView.clusterNames()).toEqual(['shop-eu', 'payments-us']);
    expect(names(liveView.networkPolicies('shop-eu'))).toEqual([
      'allow-web',
      'deny-all',
    ]);
    expect(names(liveView.networkPolicies('payments-us'))).toEqual([
      'allow-checkout',
    ]);
    expect(names(liveView.pods('shop-eu'))).toEqual(['db-0', 'web-0']);
    expect(names(liveView.pods('payments-us'))).toEqual(['checkout-0']);
    expect(names(liveView.namespaces('payments-us'))).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
      'payments',
    ]);
  });

  it('reports both clusters connected, with the API server version', () => {
    for (const cluster of ['shop-eu', 'payments-us']) {
      expect(liveView.connection(cluster)).toEqual({
        state: 'connected',
        version: expect.stringMatching(/^v1\.\d+\.\d+/),
        lastSyncedAt: expect.any(Date),
      });
    }
  });

  it('keeps policies as the API server sent them, ipBlock except included', () => {
    const allowWeb = liveView
      .networkPolicies('shop-eu')
      .find(p => p.metadata.name === 'allow-web');
    expect(allowWeb).toMatchObject({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        namespace: 'shop',
        labels: { 'netseal.io/sealed': 'true' },
        resourceVersion: expect.any(String),
      },
      spec: {
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
            ],
            ports: [{ port: 8080, protocol: 'TCP' }],
          },
        ],
      },
    });
    expect(allowWeb?.metadata).not.toHaveProperty('managedFields');
  });

  it('gives pods with labels, addresses and named ports, and namespaces with labels', () => {
    expect(
      liveView.pods('shop-eu').find(pod => pod.name === 'web-0'),
    ).toMatchObject({
      namespace: 'shop',
      labels: { app: 'web' },
      ips: ['10.0.0.5'],
      containerPorts: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      phase: 'Running',
      nodeName: 'node-1',
    });
    expect(
      liveView.namespaces('shop-eu').find(ns => ns.name === 'shop'),
    ).toMatchObject({
      labels: { team: 'shop', 'kubernetes.io/metadata.name': 'shop' },
      phase: 'Active',
    });
  });

  it('sees a created, edited and deleted policy as events and in the view', async () => {
    const policy: NetworkPolicy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-metrics', namespace: 'shop' },
      spec: { podSelector: {}, ingress: [{ ports: [{ port: 9090 }] }] },
    };
    const objectEvent = (change: string, name: string) => () =>
      events.some(
        e =>
          e.type === 'object' &&
          e.cluster === 'shop-eu' &&
          e.kind === 'NetworkPolicy' &&
          e.change === change &&
          e.object.name === name,
      );

    await kubeRequest(shop, 'POST', policiesPath, policy);
    await waitFor(objectEvent('added', 'allow-metrics'), 'the added event');

    await kubeRequest(shop, 'PATCH', `${policiesPath}/allow-metrics`, {
      spec: { ingress: [{ ports: [{ port: 9100 }] }] },
    });
    await waitFor(
      objectEvent('modified', 'allow-metrics'),
      'the modified event',
    );
    expect(
      liveView
        .networkPolicies('shop-eu')
        .find(p => p.metadata.name === 'allow-metrics')?.spec.ingress,
    ).toEqual([{ ports: [{ port: 9100, protocol: 'TCP' }] }]);

    await kubeRequest(shop, 'DELETE', `${policiesPath}/allow-metrics`);
    await waitFor(objectEvent('deleted', 'allow-metrics'), 'the deleted event');
    expect(names(liveView.networkPolicies('shop-eu'))).toEqual([
      'allow-web',
      'deny-all',
    ]);
    expect(names(liveView.networkPolicies('payments-us'))).toEqual([
      'allow-checkout',
    ]);
  });

  it('sends exactly one cluster-wide list and one watch per kind and cluster', async () => {
    // Writes in many namespaces must not make the view ask per namespace.
    await kubeRequest(shop, 'POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop-2' },
    });
    await waitFor(
      () => liveView.namespaces('shop-eu').some(ns => ns.name === 'shop-2'),
      'the new namespace',
    );

    for (const cluster of [shop, payments]) {
      const fromNetseal = cluster.requests.filter(
        line => !/^(POST|PATCH|PUT|DELETE) /.test(line),
      );
      const lists = fromNetseal.filter(line => !line.includes('watch=true'));
      const watches = fromNetseal.filter(line => line.includes('watch=true'));
      expect(lists.map(line => line.split('?')[0]).sort()).toEqual([
        'GET /api/v1/namespaces',
        'GET /api/v1/pods',
        // One discovery at connection: which cluster-scoped policy kinds it serves.
        'GET /apis',
        'GET /apis/networking.k8s.io/v1/networkpolicies',
        'GET /version',
      ]);
      expect(watches.map(line => line.split('?')[0]).sort()).toEqual([
        'GET /api/v1/namespaces',
        'GET /api/v1/pods',
        'GET /apis/networking.k8s.io/v1/networkpolicies',
      ]);
      expect(liveView.requestCount(cluster.name)).toBe(fromNetseal.length);
    }
  });

  it('lists every kind again on resync and then announces it', async () => {
    events.length = 0;
    await liveView.resync('shop-eu');
    const resynced = events
      .filter(e => e.type === 'resynced')
      .map(e => `${e.cluster}/${e.type === 'resynced' ? e.kind : ''}`)
      .sort();
    expect(resynced).toEqual([
      'shop-eu/Namespace',
      'shop-eu/NetworkPolicy',
      'shop-eu/Pod',
    ]);
    expect(names(liveView.networkPolicies('shop-eu'))).toEqual([
      'allow-web',
      'deny-all',
    ]);
    // Nothing changed, so the relist implies no object events.
    expect(events.filter(e => e.type === 'object')).toEqual([]);
  });

  it('refuses to answer for a cluster that is not configured', () => {
    expect(() => liveView.pods('nowhere')).toThrow(
      "No cluster named 'nowhere' is configured; known clusters: shop-eu, payments-us",
    );
  });
});
