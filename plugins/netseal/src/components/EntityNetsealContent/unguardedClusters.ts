import type {
  ClusterGuard,
  ClusterGuardStatus,
  ClusterStatus,
  PolicyStatus,
} from '@netseal/backstage-plugin-netseal-common';
import { guardStatusOf } from '../ClusterGuard';

/** A cluster of the entity's policies whose guard does not protect them. */
export interface UnguardedCluster {
  name: string;
  status: Exclude<ClusterGuardStatus, 'protected'>;
  guard?: ClusterGuard;
}

/**
 * The clusters, by name, that hold any of the entity's policies and whose guard is not
 * `protected`. Clusters the backend does not list are left out: nothing is known of them
 * to warn about.
 */
export function unguardedClusters(
  policies: readonly PolicyStatus[],
  clusters: readonly ClusterStatus[],
): UnguardedCluster[] {
  const used = new Set(policies.map(policy => policy.cluster));
  const unguarded: UnguardedCluster[] = [];
  for (const cluster of clusters) {
    const status = guardStatusOf(cluster);
    if (used.has(cluster.name) && status !== 'protected') {
      unguarded.push({ name: cluster.name, status, guard: cluster.guard });
    }
  }
  return unguarded.sort((a, b) => a.name.localeCompare(b.name));
}
