import type { PolicyDriftRecord } from '@netseal/backstage-plugin-netseal-common';

/**
 * Why a policy with this verdict cannot be restored, in words that say what to do
 * instead; undefined when it can (`drifted` or `missing`: its sealed version is known and
 * the live object differs from it or is gone).
 */
export function restoreRefusal(
  verdict: Pick<
    PolicyDriftRecord,
    'status' | 'cluster' | 'namespace' | 'name' | 'reason'
  >,
): string | undefined {
  const words = `${verdict.namespace}/${verdict.name} in ${verdict.cluster}`;
  switch (verdict.status) {
    case 'drifted':
    case 'missing':
      return undefined;
    case 'in-sync':
      return `${words} is in-sync: the live policy matches its seal, so there is nothing to restore`;
    case 'pending':
      return `${words} is pending: ${
        verdict.reason ?? 'a merged request is rolling it out'
      }; its rollout replaces the live policy, so there is nothing to restore`;
    case 'unsealed':
      return `${words} is unsealed: it has no valid seal in Git to restore; seal it in the policy source, adopt it into Git or remove it with a request`;
    default:
      return `${words} is ${verdict.status}${
        verdict.reason ? ` (${verdict.reason})` : ''
      }: its live state is not known, so it cannot be restored until the cluster answers`;
  }
}
