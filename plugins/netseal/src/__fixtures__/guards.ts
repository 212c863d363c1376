import type {
  ClusterGuard,
  ClusterStatus,
} from '@netseal/backstage-plugin-netseal-common';

const ROLLOUT_USER = 'system:serviceaccount:netseal-system:netseal-rollout';
const checkedAt = '2026-11-26T10:00:00.000Z';

export const protectedGuard: ClusterGuard = {
  status: 'protected',
  installed: true,
  bound: true,
  upToDate: true,
  enforcing: true,
  version: '2',
  expectedVersion: '2',
  rolloutUser: ROLLOUT_USER,
  checkedAt,
};

export const unprotectedGuard: ClusterGuard = {
  status: 'unprotected',
  installed: false,
  bound: false,
  upToDate: false,
  enforcing: false,
  expectedVersion: '2',
  reason:
    'No ValidatingAdmissionPolicy netseal-guard in the cluster; install the guard',
  checkedAt,
};

export const outdatedGuard: ClusterGuard = {
  status: 'outdated',
  installed: true,
  bound: true,
  upToDate: false,
  enforcing: true,
  version: '1',
  expectedVersion: '2',
  rolloutUser: 'system:serviceaccount:netseal-system:old-rollout',
  reason:
    'The guard lets system:serviceaccount:netseal-system:old-rollout replace sealed policies, not the rollout identity; upgrade the guard',
  checkedAt,
};

export const unknownGuard: ClusterGuard = {
  status: 'unknown',
  installed: false,
  bound: false,
  upToDate: false,
  enforcing: false,
  expectedVersion: '2',
  reason: 'cluster demo-west unreachable: connection refused',
  checkedAt,
};

/** A reachable cluster with the given guard, or none, as `GET /clusters` lists it. */
export function clusterGuardedBy(
  name: string,
  guard?: ClusterGuard,
): ClusterStatus {
  return {
    name,
    state: 'connected',
    policyCount: 3,
    version: 'v1.31.2',
    lastSyncedAt: checkedAt,
    ...(guard ? { guard } : {}),
  };
}
