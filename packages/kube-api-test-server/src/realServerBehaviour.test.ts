import * as k8s from '@kubernetes/client-node';
import { startFleetServer } from './__fixtures__/startFleetServer';
import { KubeApiTestServer } from './startKubeApiTestServer';

jest.setTimeout(30_000);

// What the differential suite (packages/real-kubernetes) found a real API server doing,
// pinned here so that the test server keeps doing it without a real server at hand.

async function status(promise: Promise<unknown>) {
  try {
    await promise;
    return { code: 200, body: {} };
  } catch (error) {
    if (!(error instanceof k8s.ApiException)) throw error;
    return { code: error.code, body: JSON.parse(String(error.body)) };
  }
}

describe('behaviour held to a real API server', () => {
  let server: KubeApiTestServer;
  let core: k8s.CoreV1Api;
  let networking: k8s.NetworkingV1Api;

  beforeEach(async () => {
    server = await startFleetServer();
    const config = new k8s.KubeConfig();
    config.loadFromString(server.kubeconfig('admin'));
    core = config.makeApiClient(k8s.CoreV1Api);
    networking = config.makeApiClient(k8s.NetworkingV1Api);
  });

  afterEach(async () => {
    await server.stop();
  });

  const held = {
    metadata: { name: 'held', finalizers: ['example.com/hold'] },
    spec: { podSelector: {} },
  };

  it('keeps a deleted object with a finalizer, marked, until its finalizer is removed', async () => {
    await networking.createNamespacedNetworkPolicy({
      namespace: 'shop',
      body: held,
    });
    await networking.deleteNamespacedNetworkPolicy({
      namespace: 'shop',
      name: 'held',
    });
    const marked = await networking.readNamespacedNetworkPolicy({
      namespace: 'shop',
      name: 'held',
    });
    expect(marked.metadata?.deletionTimestamp).toBeDefined();
    expect(marked.metadata?.generation).toBe(2);

    await networking.patchNamespacedNetworkPolicy(
      {
        namespace: 'shop',
        name: 'held',
        body: { metadata: { finalizers: null } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(
      (
        await status(
          networking.readNamespacedNetworkPolicy({
            namespace: 'shop',
            name: 'held',
          }),
        )
      ).code,
    ).toBe(404);
  });

  it('holds a deleted namespace in Terminating while a finalizer holds its content', async () => {
    await networking.createNamespacedNetworkPolicy({
      namespace: 'shop',
      body: held,
    });
    await core.deleteNamespace({ name: 'shop' });
    // Once the namespace's content has been deleted, only the held policy is left, marked.
    const deadline = Date.now() + 5000;
    let marked = false;
    while (!marked && Date.now() < deadline) {
      const policy = await networking.readNamespacedNetworkPolicy({
        namespace: 'shop',
        name: 'held',
      });
      marked = policy.metadata?.deletionTimestamp !== undefined;
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    const namespace = await core.readNamespace({ name: 'shop' });
    expect(namespace.status?.phase).toBe('Terminating');
    const left = await networking.listNamespacedNetworkPolicy({
      namespace: 'shop',
    });
    expect(left.items.map(p => p.metadata?.name)).toEqual(['held']);

    await networking.patchNamespacedNetworkPolicy(
      {
        namespace: 'shop',
        name: 'held',
        body: { metadata: { finalizers: null } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    let code = 200;
    while (code !== 404 && Date.now() < deadline + 5000) {
      code = (await status(core.readNamespace({ name: 'shop' }))).code;
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    expect(code).toBe(404);
  });

  it('refuses an ipBlock with bits set beyond the prefix length, as Kubernetes 1.36 does', async () => {
    const refused = await status(
      networking.createNamespacedNetworkPolicy({
        namespace: 'shop',
        body: {
          metadata: { name: 'sloppy' },
          spec: {
            podSelector: {},
            egress: [{ to: [{ ipBlock: { cidr: '10.0.0.1/8' } }] }],
          },
        },
      }),
    );
    expect(refused.code).toBe(422);
    expect(refused.body.details.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        message:
          'Invalid value: "10.0.0.1/8": must not have bits set beyond the prefix length',
        field: 'spec.egress[0].to[0].ipBlock.cidr',
      },
    ]);
  });

  it('answers bad dryRun and fieldValidation values as invalid options', async () => {
    const refused = await status(
      networking.createNamespacedNetworkPolicy({
        namespace: 'shop',
        dryRun: 'Some',
        body: { metadata: { name: 'x' }, spec: { podSelector: {} } },
      }),
    );
    expect(refused.code).toBe(422);
    expect(refused.body.message).toBe(
      'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: ["Some"]: supported values: "All"',
    );
  });

  it('refuses resourceVersionMatch on a list without a resourceVersion', async () => {
    const refused = await status(
      networking.listNamespacedNetworkPolicy({
        namespace: 'shop',
        resourceVersionMatch: 'Exact',
      }),
    );
    expect(refused.code).toBe(422);
    expect(refused.body.details.causes[0].field).toBe('resourceVersionMatch');
  });

  it('gives a new pod the tolerations and service-account volume admission adds', async () => {
    const pod = await core.createNamespacedPod({
      namespace: 'shop',
      body: {
        metadata: { name: 'api-0' },
        spec: { containers: [{ name: 'api', image: 'api:1' }] },
      },
    });
    expect(pod.spec?.tolerations?.map(t => t.key)).toEqual([
      'node.kubernetes.io/not-ready',
      'node.kubernetes.io/unreachable',
    ]);
    expect(pod.spec?.volumes?.[0].name).toMatch(/^kube-api-access-\w{5}$/);
    expect(pod.spec?.containers[0].volumeMounts?.[0].mountPath).toBe(
      '/var/run/secrets/kubernetes.io/serviceaccount',
    );
  });
});
