import type {
  ClusterConnection,
  FieldWriter,
  NetworkPolicy,
  ClusterDriftInput,
  PendingRollout,
  PolicySourceManifest,
  ServicePods,
} from '@netseal/backstage-plugin-netseal-common';
import { computeSeal } from '@netseal/backstage-plugin-netseal-common';
import type { IndexedLivePolicy, LiveViewIndex } from './LiveViewIndex';

/** One service's share of a cluster, and the live objects it was given, by identity. */
export interface ClusterDriftInputWithLive extends ClusterDriftInput {
  /** The live objects in `livePolicies`, by `namespace/name`. */
  liveByKey: ReadonlyMap<string, NetworkPolicy>;
  /** Who wrote each of them, by `namespace/name`, for attribution. */
  writersOf(key: string): FieldWriter[];
}

/**
 * One service's share of a cluster, for computeDrift: the live policies its manifests
 * name, the live policies no policy source holds in the namespaces of its candidate
 * pods (those may be its unsealed ones), and its candidate pods. Every other live policy
 * is held by a policy source, and computeDrift would not report it for this service, so
 * computeDrift gives the same statuses as it would for the whole cluster, and checking a
 * service costs what the service holds, not what the cluster holds.
 *
 * Live policies are kept compact by the live view; only the few handed on here are
 * parsed, and their digests are the view's, computed once per object.
 */
export function buildClusterDriftInput(options: {
  cluster: string;
  connection: ClusterConnection;
  manifests: readonly PolicySourceManifest[];
  live: LiveViewIndex;
  servicePods?: ServicePods;
  pending?: readonly PendingRollout[];
  isInAnotherPolicySource?: (namespace: string, name: string) => boolean;
  digestOf?: (policy: NetworkPolicy) => string;
}): ClusterDriftInputWithLive {
  const { cluster, connection, manifests, live, servicePods } = options;
  const liveDigests = new WeakMap<NetworkPolicy, string>();
  const digestOf = (policy: NetworkPolicy) =>
    liveDigests.get(policy) ?? (options.digestOf ?? computeSeal)(policy);
  const base = {
    cluster,
    connection,
    manifests,
    ...(options.pending ? { pending: options.pending } : {}),
    ...(options.isInAnotherPolicySource
      ? { isInAnotherPolicySource: options.isInAnotherPolicySource }
      : {}),
    digestOf,
  };
  if (connection.state !== 'connected') {
    return {
      ...base,
      livePolicies: [],
      livePods: [],
      liveByKey: new Map(),
      writersOf: () => [],
    };
  }
  const chosen = new Map<string, IndexedLivePolicy>();
  const held = new Set<string>();
  for (const manifest of manifests) {
    const identity =
      manifest.kind === 'sealed'
        ? {
            namespace: manifest.policy.metadata?.namespace ?? '',
            name: manifest.policy.metadata?.name ?? '',
          }
        : manifest;
    if (identity.name === undefined) continue;
    const key = keyOf(identity.namespace ?? '', identity.name);
    held.add(key);
    const policy = live.policy(identity.namespace ?? '', identity.name);
    if (policy) chosen.set(key, policy);
  }
  const livePods = servicePods ? live.candidatePods(servicePods) : [];
  const podNamespaces = new Set(livePods.map(pod => pod.namespace));
  for (const policy of live.policiesIn(podNamespaces)) {
    const key = keyOf(policy.namespace, policy.name);
    if (
      !held.has(key) &&
      !options.isInAnotherPolicySource?.(policy.namespace, policy.name)
    ) {
      chosen.set(key, policy);
    }
  }
  const liveByKey = new Map<string, NetworkPolicy>();
  for (const [key, entry] of chosen) {
    const object = entry.object();
    liveDigests.set(object, entry.digest);
    liveByKey.set(key, object);
  }
  return {
    ...base,
    livePolicies: [...liveByKey.values()],
    livePods,
    liveByKey,
    writersOf: key => chosen.get(key)?.writers?.() ?? [],
  };
}

// Namespaces and names are DNS names, which never contain '/'.
function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
