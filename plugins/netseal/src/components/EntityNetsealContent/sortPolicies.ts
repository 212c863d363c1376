import {
  compareDriftStatus,
  PolicyStatus,
} from '@netseal/backstage-plugin-netseal-common';

/** Worst status first (missing, drifted, unsealed, unknown, pending, in-sync), then by place and name. */
export function comparePolicies(a: PolicyStatus, b: PolicyStatus): number {
  return (
    compareDriftStatus(a.status, b.status) ||
    a.cluster.localeCompare(b.cluster) ||
    a.namespace.localeCompare(b.namespace) ||
    a.name.localeCompare(b.name)
  );
}
