import type { RolloutOutcome } from '../database/RolloutProgress';

/**
 * A rollout's end in words, per cluster, for the request's history, the pull request's
 * comment, the notification and the audit record.
 */
export function describeRolloutOutcome(
  clusters: readonly string[],
  outcomes: readonly { cluster: string; outcome: RolloutOutcome }[],
): string {
  const ran = new Map(
    outcomes.map(({ cluster, outcome }) => [cluster, outcome]),
  );
  return clusters
    .map(cluster => {
      const outcome = ran.get(cluster);
      if (!outcome) {
        return `${cluster}: not started, because an earlier cluster did not complete; it keeps its old sealed policies.`;
      }
      switch (outcome.status) {
        case 'completed':
          return `${cluster}: completed; the new sealed policies are live and verified against their seals.`;
        case 'rolled-back':
          return `${cluster}: rolled back to the old sealed policies (${outcome.reason}).`;
        default:
          return `${cluster}: FAILED (${outcome.reason}); the rollback failed too (${outcome.rollbackError}), so the guard policies are left in place and the pods they select are isolated until someone repairs the cluster.`;
      }
    })
    .join('\n');
}
