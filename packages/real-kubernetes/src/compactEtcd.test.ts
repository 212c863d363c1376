import * as k8s from '@kubernetes/client-node';
import {
  REAL_KUBERNETES_START_TIMEOUT_MS,
  RealKubernetes,
  startRealKubernetes,
} from './startRealKubernetes';

jest.setTimeout(60_000);

describe('an etcd compaction on a real control plane without watch cache', () => {
  let real: RealKubernetes;
  let namespace: string;

  beforeAll(async () => {
    real = await startRealKubernetes({ watchCache: false });
    namespace = await real.createNamespace('compaction');
  }, REAL_KUBERNETES_START_TIMEOUT_MS);

  afterAll(async () => {
    await real?.stop();
  });

  it('turns a watch from an older resourceVersion into a 410 Expired ERROR event', async () => {
    const networking = real.kubeConfig().makeApiClient(k8s.NetworkingV1Api);
    const created = await networking.createNamespacedNetworkPolicy({
      namespace,
      body: { metadata: { name: 'before' }, spec: { podSelector: {} } },
    });
    // etcd keeps the compaction's own revision: two writes later, `before` is gone.
    for (const name of ['after', 'latest']) {
      await networking.createNamespacedNetworkPolicy({
        namespace,
        body: { metadata: { name }, spec: { podSelector: {} } },
      });
    }
    await real.compactEtcd();

    const events: { type: string; code?: number; reason?: string }[] = [];
    const ended = new Promise<void>(resolve => {
      void new k8s.Watch(real.kubeConfig('reader')).watch(
        `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies`,
        {
          resourceVersion: created.metadata!.resourceVersion!,
          timeoutSeconds: 10,
        },
        (type, object) =>
          events.push({ type, code: object?.code, reason: object?.reason }),
        () => resolve(),
      );
    });
    await ended;
    expect(events).toEqual([{ type: 'ERROR', code: 410, reason: 'Expired' }]);
  });

  it('answers a list at an older exact resourceVersion with 410 Expired', async () => {
    const networking = real.kubeConfig().makeApiClient(k8s.NetworkingV1Api);
    const old = await networking.listNamespacedNetworkPolicy({ namespace });
    for (const name of ['later', 'last']) {
      await networking.createNamespacedNetworkPolicy({
        namespace,
        body: { metadata: { name }, spec: { podSelector: {} } },
      });
    }
    await real.compactEtcd();
    await expect(
      networking.listNamespacedNetworkPolicy({
        namespace,
        resourceVersion: old.metadata!.resourceVersion!,
        resourceVersionMatch: 'Exact',
      }),
    ).rejects.toMatchObject({ code: 410 });
  });
});
