import type {
  ClusterConnection,
  NetworkPolicy,
  ClusterDriftInput,
  PendingRollout,
  PolicySourceManifest,
  ServicePods,
} from '@netseal/backstage-plugin-netseal-common';
import type { LiveViewIndex } from './LiveViewIndex';

/**
 * One service's share of a cluster, for computeDrift: only the live policies of the
 * namespaces where the service has manifests or candidate pods, and only its candidate
 * pods. computeDrift gives the same statuses as it would for the whole cluster; checking
 * a service costs what the service holds, not what the cluster holds.
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
}): ClusterDriftInput {
  const { cluster, connection, manifests, live, servicePods } = options;
  const base = {
    cluster,
    connection,
    manifests,
    ...(options.pending ? { pending: options.pending } : {}),
    ...(options.isInAnotherPolicySource
      ? { isInAnotherPolicySource: options.isInAnotherPolicySource }
      : {}),
    ...(options.digestOf ? { digestOf: options.digestOf } : {}),
  };
  if (connection.state !== 'connected') {
    return { ...base, livePolicies: [], livePods: [] };
  }
  const livePods = servicePods ? live.candidatePods(servicePods) : [];
  const namespaces = new Set(livePods.map(pod => pod.namespace));
  for (const manifest of manifests) {
    const namespace =
      manifest.kind === 'sealed'
        ? manifest.policy.metadata?.namespace
        : manifest.namespace;
    namespaces.add(namespace ?? '');
  }
  return { ...base, livePolicies: live.policiesIn(namespaces), livePods };
}
