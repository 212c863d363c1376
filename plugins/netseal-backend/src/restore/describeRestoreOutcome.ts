import type { RolloutOutcome } from '../database/RolloutProgress';

/**
 * A restore's end in words, for the notification, the audit record and the log. A
 * restore that could not run its steps at all (its only cluster never reported) is told
 * as failed to start.
 */
export function describeRestoreOutcome(
  policy: { cluster: string; namespace: string; name: string },
  outcome: RolloutOutcome | undefined,
): string {
  const words = `${policy.namespace}/${policy.name} in ${policy.cluster}`;
  if (!outcome) {
    return `${words}: the restore did not run.`;
  }
  switch (outcome.status) {
    case 'completed':
      return `${words}: restored; the sealed policy is live and verified against its seal.`;
    case 'rolled-back':
      return `${words}: not restored; the live policy is back as it was, still out of sync (${outcome.reason}).`;
    default:
      return `${words}: FAILED (${outcome.reason}); putting the live policy back failed too (${outcome.rollbackError}).`;
  }
}
