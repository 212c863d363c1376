import type { PolicyName } from '../../api';

/** One string per (cluster, namespace, name): a policy's identity within an entity. */
export function policyKey(policy: PolicyName): string {
  return JSON.stringify([policy.cluster, policy.namespace, policy.name]);
}
