import https from 'node:https';
import * as k8s from '@kubernetes/client-node';
import { KubeObject, parseSeed } from '@netseal/kube-api-test-server';

// Everything the API server assigns itself; a seed taken from `kubectl get -o yaml` has it.
const runtimeMetadata = [
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'generation',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * One request with a JSON body as it is. client-node's typed serialization would drop
 * what its models rename (an ingress rule's `from` is `_from` there), so seeds are sent raw.
 */
async function request(
  kubeConfig: k8s.KubeConfig,
  method: string,
  path: string,
  body?: object,
  contentType = 'application/json',
): Promise<{ status: number; body: string }> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const url = new URL(path, cluster.server);
  const options: https.RequestOptions = {
    method,
    hostname: url.hostname,
    port: url.port,
    path: `${url.pathname}${url.search}`,
  };
  await kubeConfig.applyToHTTPSOptions(options);
  options.headers = { ...options.headers, 'Content-Type': contentType };
  return new Promise((resolve, reject) => {
    const req = https.request(options, res => {
      const chunks: Buffer[] = [];
      res.on('data', chunk => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`${path} timed out`)));
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** The collection path of an object's kind, from the server's discovery. */
async function collectionPath(
  kubeConfig: k8s.KubeConfig,
  object: KubeObject,
  discovered: Map<string, k8s.V1APIResourceList>,
): Promise<string> {
  const apiVersion = object.apiVersion ?? '';
  const base = apiVersion.includes('/')
    ? `/apis/${apiVersion}`
    : `/api/${apiVersion}`;
  let list = discovered.get(base);
  if (!list) {
    const answer = await request(kubeConfig, 'GET', base);
    if (answer.status !== 200) {
      throw new Error(`${apiVersion} is not served (${answer.status})`);
    }
    list = JSON.parse(answer.body) as k8s.V1APIResourceList;
    discovered.set(base, list);
  }
  const resource = list.resources.find(
    r => r.kind === object.kind && !r.name.includes('/'),
  );
  if (!resource) throw new Error(`${apiVersion} has no kind ${object.kind}`);
  return resource.namespaced
    ? `${base}/namespaces/${object.metadata.namespace ?? 'default'}/${
        resource.name
      }`
    : `${base}/${resource.name}`;
}

async function untilServiceAccount(
  kubeConfig: k8s.KubeConfig,
  namespace: string,
) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answer = await request(
      kubeConfig,
      'GET',
      `/api/v1/namespaces/${namespace}/serviceaccounts/default`,
    );
    if (answer.status === 200) return;
    if (answer.status !== 404 || Date.now() > deadline) {
      throw new Error(
        `the default ServiceAccount of ${namespace} did not appear (${answer.status})`,
      );
    }
    await sleep(100);
  }
}

function describe(object: KubeObject): string {
  const { namespace, name } = object.metadata;
  return `${object.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/**
 * Creates the objects of a seed (the test server's format: a `kind: List` or YAML
 * documents) in a real cluster, as the test server seeds itself: namespaces first, the
 * namespaces objects need when the seed lacks them, and a pod's seeded status written
 * through its status subresource, as if a kubelet had reported it. An object that exists
 * already is left as it is. Returns what it did, one `Kind namespace/name` each.
 */
export async function seedRealKubernetes(
  kubeConfig: k8s.KubeConfig,
  seed: string,
  source = 'seed',
): Promise<string[]> {
  const objects = parseSeed(seed, source);
  const discovered = new Map<string, k8s.V1APIResourceList>();
  const written: string[] = [];

  const namespaces = new Set(
    objects
      .filter(o => o.kind !== 'Namespace' && o.metadata.namespace)
      .map(o => o.metadata.namespace as string),
  );
  const ordered: KubeObject[] = [
    ...objects.filter(o => o.kind === 'Namespace'),
    ...[...namespaces]
      .filter(
        name =>
          !objects.some(
            o => o.kind === 'Namespace' && o.metadata.name === name,
          ),
      )
      .map(name => ({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      })),
    ...objects.filter(o => o.kind !== 'Namespace'),
  ];
  const ready = new Set<string>();
  for (const original of ordered) {
    const object = JSON.parse(JSON.stringify(original)) as KubeObject;
    for (const field of runtimeMetadata) delete object.metadata[field];
    const status = object.status;
    delete object.status;
    const namespace = object.metadata.namespace;
    // Pods are refused until the namespace's default ServiceAccount exists.
    if (object.kind === 'Pod' && namespace && !ready.has(namespace)) {
      await untilServiceAccount(kubeConfig, namespace);
      ready.add(namespace);
    }
    const path = await collectionPath(kubeConfig, object, discovered);
    const created = await request(kubeConfig, 'POST', path, object);
    if (created.status === 409) {
      written.push(`${describe(object)} (already there, left as it is)`);
      continue;
    }
    if (created.status !== 201) {
      throw new Error(
        `${source}: ${describe(object)} was refused (${created.status}): ${
          created.body
        }`,
      );
    }
    if (object.kind === 'Pod' && status) {
      const patched = await request(
        kubeConfig,
        'PATCH',
        `${path}/${object.metadata.name}/status`,
        { status },
        'application/merge-patch+json',
      );
      if (patched.status !== 200) {
        throw new Error(
          `${source}: the status of ${describe(object)} was refused (${
            patched.status
          }): ${patched.body}`,
        );
      }
    }
    written.push(describe(object));
  }
  return written;
}
