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

async function untilServiceAccount(core: k8s.CoreV1Api, namespace: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await core.readNamespacedServiceAccount({ name: 'default', namespace });
      return;
    } catch (error) {
      const missing = error instanceof k8s.ApiException && error.code === 404;
      if (!missing || Date.now() > deadline) throw error;
      await sleep(100);
    }
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
  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  const generic = k8s.KubernetesObjectApi.makeApiClient(kubeConfig);
  const written: string[] = [];

  const namespaces = new Set(
    objects
      .filter(o => o.kind !== 'Namespace' && o.metadata.namespace)
      .map(o => o.metadata.namespace as string),
  );
  const ordered = [
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
    if (object.kind === 'Pod' && object.metadata.namespace) {
      // Pods are refused until the namespace's default ServiceAccount exists.
      if (!ready.has(object.metadata.namespace)) {
        await untilServiceAccount(core, object.metadata.namespace);
        ready.add(object.metadata.namespace);
      }
    }
    try {
      await generic.create(object as k8s.KubernetesObject);
    } catch (error) {
      if (error instanceof k8s.ApiException && error.code === 409) {
        written.push(`${describe(object)} (already there, left as it is)`);
        continue;
      }
      throw new Error(
        `${source}: ${describe(object)} was refused: ${
          error instanceof k8s.ApiException ? error.body : String(error)
        }`,
      );
    }
    if (object.kind === 'Pod' && status && object.metadata.namespace) {
      await core.patchNamespacedPodStatus(
        {
          name: object.metadata.name ?? '',
          namespace: object.metadata.namespace,
          body: { status },
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
    }
    written.push(describe(object));
  }
  return written;
}
