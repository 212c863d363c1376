import type {
  ClusterGuard,
  ClusterGuardStatus,
  ClusterStatus,
} from '@netseal/backstage-plugin-netseal-common';

/**
 * A cluster's guard status. A cluster the backend reports no guard for (a backend older
 * than the guard, or one that has not checked yet) is `unknown`, never `protected`.
 */
export function guardStatusOf(cluster: {
  guard?: ClusterGuard;
}): ClusterGuardStatus {
  return cluster.guard?.status ?? 'unknown';
}

/** Whether the cluster's guard can be installed or upgraded from the portal. */
export function canInstallGuard(cluster: ClusterStatus): boolean {
  const status = guardStatusOf(cluster);
  return status === 'unprotected' || status === 'outdated';
}
