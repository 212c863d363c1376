import type {
  LeftInCluster,
  RolloutOutcome,
} from '../database/RolloutProgress';

/**
 * What a rollout whose rollback failed leaves in the cluster, in words that claim only
 * what was read back: isolated pods only where guards stand, untouched policies only when
 * no step got past creating guards.
 */
export function describeWhatIsLeft(left: LeftInCluster | undefined): string {
  if (!left) {
    // The cluster did not answer: fail closed in words too, and assume the guards stand.
    return 'the guards that stood are left in place, so the affected pods stay isolated until an operator restores the old policies';
  }
  const untouched =
    'no sealed policy was deleted or created, so the policies the request changes are as they were';
  if (left.guards.length === 0) {
    return left.policiesUntouched
      ? `nothing was left behind: no guard of the rollout stands (read back afterwards), so it isolates no pod, and ${untouched}`
      : 'no guard of the rollout stands (read back afterwards), so it isolates no pod, but the policies the request changes may be neither the old nor the new sealed ones: check their drift status and restore them';
  }
  const guards = left.guards.join(', ');
  return left.policiesUntouched
    ? `the guards that stood are left in place (${guards}), so the pods they select stay isolated until an operator deletes them; ${untouched}`
    : `the guards that stood are left in place (${guards}), so the pods they select stay isolated until an operator restores the old policies`;
}

/**
 * A rollout's end in words, per cluster, for the request's history, the pull request's
 * comment, the notification and the audit record. A failed rollback's words (what stands
 * in the cluster) come with its error, from {@link describeWhatIsLeft}.
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
          return `${cluster}: FAILED (${outcome.reason}); the rollback failed too (${outcome.rollbackError}).`;
      }
    })
    .join('\n');
}
