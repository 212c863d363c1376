import * as k8s from '@kubernetes/client-node';
import { startFleetServer } from './__fixtures__/startFleetServer';
import { KubeApiTestServer } from './startKubeApiTestServer';

jest.setTimeout(30_000);

function policy(name: string, port: number): k8s.V1NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: 'shop' },
    spec: {
      podSelector: { matchLabels: { app: name } },
      ingress: [{ ports: [{ port }] }],
    },
  };
}

async function statusOf(promise: Promise<unknown>): Promise<{
  code: number;
  body: {
    reason?: string;
    message?: string;
    details?: { causes?: { field?: string }[] };
  };
}> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof k8s.ApiException) {
      // client-node leaves the body out of a 401.
      return {
        code: error.code,
        body: typeof error.body === 'string' ? JSON.parse(error.body) : {},
      };
    }
    throw error;
  }
  throw new Error('expected the request to fail');
}

function until(condition: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      if (condition()) resolve();
      else if (Date.now() - started > 8000)
        reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(poll, 20);
    };
    poll();
  });
}

describe('@kubernetes/client-node against the test server', () => {
  let server: KubeApiTestServer;
  let networking: k8s.NetworkingV1Api;

  beforeEach(async () => {
    server = await startFleetServer();
    const config = new k8s.KubeConfig();
    config.loadFromString(server.kubeconfig('admin'));
    networking = config.makeApiClient(k8s.NetworkingV1Api);
  });

  afterEach(async () => {
    await server.stop();
  });

  it('verifies the server with caData and lists policies of all namespaces', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const list = await networking.listNetworkPolicyForAllNamespaces();
    expect(
      list.items.map(p => `${p.metadata?.namespace}/${p.metadata?.name}`),
    ).toEqual(['shop/allow-web', 'shop/deny-all']);
    expect(list.metadata?.resourceVersion).toMatch(/^\d+$/);
  });

  it('creates, reads, replaces, patches and deletes a policy with the API server defaults applied', async () => {
    const created = await networking.createNamespacedNetworkPolicy({
      namespace: 'shop',
      body: policy('api', 8080),
    });
    expect(created.spec?.ingress?.[0].ports?.[0].protocol).toBe('TCP');
    expect(created.spec?.policyTypes).toEqual(['Ingress']);
    expect(created.metadata?.generation).toBe(1);
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);

    const read = await networking.readNamespacedNetworkPolicy({
      name: 'api',
      namespace: 'shop',
    });
    read.spec!.ingress![0].ports![0].port = 9090;
    const replaced = await networking.replaceNamespacedNetworkPolicy({
      name: 'api',
      namespace: 'shop',
      body: read,
    });
    expect(replaced.metadata?.generation).toBe(2);
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(
      Number(created.metadata?.resourceVersion),
    );

    const patched = await networking.patchNamespacedNetworkPolicy(
      {
        name: 'api',
        namespace: 'shop',
        body: { metadata: { labels: { drift: 'yes' } } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(patched.metadata?.labels).toEqual({ drift: 'yes' });
    expect(patched.metadata?.generation).toBe(2);

    const deleted = await networking.deleteNamespacedNetworkPolicy({
      name: 'api',
      namespace: 'shop',
    });
    expect(deleted.status).toBe('Success');
    const missing = await statusOf(
      networking.readNamespacedNetworkPolicy({
        name: 'api',
        namespace: 'shop',
      }),
    );
    expect(missing.code).toBe(404);
    expect(missing.body.message).toBe(
      'networkpolicies.networking.k8s.io "api" not found',
    );
  });

  it('answers a stale resourceVersion with 409 Conflict', async () => {
    const current = await networking.readNamespacedNetworkPolicy({
      name: 'allow-web',
      namespace: 'shop',
    });
    await networking.patchNamespacedNetworkPolicy(
      {
        name: 'allow-web',
        namespace: 'shop',
        body: { metadata: { labels: { touched: 'true' } } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const conflict = await statusOf(
      networking.replaceNamespacedNetworkPolicy({
        name: 'allow-web',
        namespace: 'shop',
        body: current,
      }),
    );
    expect(conflict.code).toBe(409);
    expect(conflict.body.reason).toBe('Conflict');
    expect(conflict.body.message).toContain('the object has been modified');
  });

  it('refuses an invalid policy with 422 and a cause per field', async () => {
    const invalid = policy('bad', 70000);
    invalid.spec!.egress = [
      {
        to: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['192.168.0.0/24'] } }],
      },
    ];
    const refused = await statusOf(
      networking.createNamespacedNetworkPolicy({
        namespace: 'shop',
        body: invalid,
      }),
    );
    expect(refused.code).toBe(422);
    expect(refused.body.reason).toBe('Invalid');
    expect(refused.body.details?.causes?.map(c => c.field)).toEqual([
      'spec.ingress[0].ports[0].port',
      'spec.egress[0].to[0].ipBlock.except[0]',
    ]);
  });

  it('refuses a policy in a namespace that does not exist', async () => {
    const missing = await statusOf(
      networking.createNamespacedNetworkPolicy({
        namespace: 'nowhere',
        body: { ...policy('x', 80), metadata: { name: 'x' } },
      }),
    );
    expect(missing.code).toBe(404);
    expect(missing.body.message).toBe('namespaces "nowhere" not found');
  });

  it('answers 401 to an unknown token and 403 to a reader who deletes', async () => {
    const stranger = new k8s.KubeConfig();
    stranger.loadFromString(
      server.kubeconfig('admin').replace(server.tokens.admin, 'not-a-token'),
    );
    const unauthorized = await statusOf(
      stranger
        .makeApiClient(k8s.NetworkingV1Api)
        .listNetworkPolicyForAllNamespaces(),
    );
    expect(unauthorized.code).toBe(401);

    const reader = new k8s.KubeConfig();
    reader.loadFromString(server.kubeconfig('reader'));
    const readerApi = reader.makeApiClient(k8s.NetworkingV1Api);
    await expect(
      readerApi.listNamespacedNetworkPolicy({ namespace: 'shop' }),
    ).resolves.toBeDefined();
    const forbidden = await statusOf(
      readerApi.deleteNamespacedNetworkPolicy({
        name: 'allow-web',
        namespace: 'shop',
      }),
    );
    expect(forbidden.code).toBe(403);
    expect(forbidden.body.message).toBe(
      'networkpolicies.networking.k8s.io "allow-web" is forbidden: User "alice" cannot delete resource "networkpolicies" in API group "networking.k8s.io" in the namespace "shop"',
    );
  });

  it('feeds an informer that lists, then watches additions, changes and deletions', async () => {
    const config = new k8s.KubeConfig();
    config.loadFromString(server.kubeconfig('reader'));
    const api = config.makeApiClient(k8s.NetworkingV1Api);
    const informer = k8s.makeInformer(
      config,
      '/apis/networking.k8s.io/v1/networkpolicies',
      () => api.listNetworkPolicyForAllNamespaces(),
    );
    const seen: string[] = [];
    informer.on('add', p => seen.push(`add ${p.metadata?.name}`));
    informer.on('update', p =>
      seen.push(
        `update ${p.metadata?.name} ${p.metadata?.labels?.drift ?? ''}`,
      ),
    );
    informer.on('delete', p => seen.push(`delete ${p.metadata?.name}`));
    await informer.start();
    try {
      await until(() => seen.length === 2, 'the initial list');
      await networking.createNamespacedNetworkPolicy({
        namespace: 'shop',
        body: policy('api', 80),
      });
      await networking.patchNamespacedNetworkPolicy(
        {
          name: 'api',
          namespace: 'shop',
          body: { metadata: { labels: { drift: 'yes' } } },
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      await networking.deleteNamespacedNetworkPolicy({
        name: 'api',
        namespace: 'shop',
      });
      await until(() => seen.length === 5, 'three watch events');
      expect(seen).toEqual([
        'add allow-web',
        'add deny-all',
        'add api',
        'update api yes',
        'delete api',
      ]);
    } finally {
      await informer.stop();
    }
  });
});

describe('an informer after its resourceVersion was compacted away', () => {
  it('re-lists on 410 Gone and catches up with what changed meanwhile', async () => {
    let watchRequests = 0;
    let server: KubeApiTestServer | undefined = undefined;
    server = await startFleetServer({
      watchTimeoutSeconds: 1,
      log: line => {
        if (!server || !line.includes('watch=true')) return;
        watchRequests++;
        if (watchRequests === 2) {
          // Between two watches, a policy appears and the history that recorded it is compacted.
          const definition = server.service.registry.find(
            'networking.k8s.io',
            'v1',
            'networkpolicies',
          )!;
          server.service.store.create(definition, {
            metadata: { name: 'late', namespace: 'shop', uid: 'late-uid' },
            spec: { podSelector: {}, policyTypes: ['Ingress'] },
          });
          server.faults.compactHistory();
        }
      },
    });
    const config = new k8s.KubeConfig();
    config.loadFromString(server.kubeconfig('reader'));
    const api = config.makeApiClient(k8s.NetworkingV1Api);
    let lists = 0;
    const informer = k8s.makeInformer(
      config,
      '/apis/networking.k8s.io/v1/networkpolicies',
      () => {
        lists++;
        return api.listNetworkPolicyForAllNamespaces();
      },
    );
    const added: string[] = [];
    informer.on('add', p => added.push(p.metadata?.name ?? ''));
    try {
      await informer.start();
      await until(() => added.includes('late'), 'the re-list after 410');
      expect(lists).toBe(2);
      expect(added).toEqual(['allow-web', 'deny-all', 'late']);
    } finally {
      await informer.stop();
      await server.stop();
    }
  });
});
