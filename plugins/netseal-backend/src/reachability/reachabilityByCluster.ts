import {
  ClusterReachability,
  ClusterScopedPolicies,
  describeServiceReachability,
  isValidNetworkPolicy,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import type { LiveView } from '../clusters';
import type { SealedManifestOfCluster } from '../database';

/**
 * One reachability picture per cluster where the entity has sealed policies, ordered by
 * cluster. A stored manifest that is not a valid NetworkPolicy is left out: the drift
 * engine stores only validated ones, so such a row can only be foreign or stale.
 */
export function reachabilityByCluster(
  manifests: readonly SealedManifestOfCluster[],
  pods: string | undefined,
  /** The cluster's cluster-scoped network policy, when Netseal has a live view of it. */
  clusterScopedOfCluster: (
    cluster: string,
  ) => ClusterScopedPolicies | undefined = () => undefined,
): ClusterReachability[] {
  const byCluster = new Map<string, NetworkPolicy[]>();
  for (const { cluster, manifest } of manifests) {
    if (!isValidNetworkPolicy(manifest)) continue;
    byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), manifest]);
  }
  return [...byCluster.keys()].sort().map(cluster => ({
    cluster,
    reachability: describeServiceReachability({
      policies: byCluster.get(cluster)!,
      pods,
      clusterScoped: clusterScopedOfCluster(cluster),
    }),
  }));
}

/**
 * A cluster's cluster-scoped network policy from the live view; undefined for a cluster
 * Netseal no longer follows, whose picture then says nothing about it.
 */
export function clusterScopedOf(
  liveView: Pick<LiveView, 'clusterNames' | 'clusterScopedPolicies'>,
): (cluster: string) => ClusterScopedPolicies | undefined {
  return cluster =>
    liveView.clusterNames().includes(cluster)
      ? liveView.clusterScopedPolicies(cluster)
      : undefined;
}
