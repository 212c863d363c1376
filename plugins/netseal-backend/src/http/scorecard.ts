import type {
  DriftStatusTransition,
  PolicyDriftRecord,
} from '@netseal/backstage-plugin-netseal-common';

/**
 * The facts scorecards grade for one entity, from its current verdicts, its latest
 * transition into drifted or missing, and its clusters' guards.
 */
export function toEntityScorecardJson(input: {
  entityRef: string;
  policies: readonly PolicyDriftRecord[];
  lastDrift?: DriftStatusTransition;
  guardStatus(cluster: string): string | undefined;
}) {
  const { entityRef, policies } = input;
  const count = policies.length;
  const share = (matching: number, whenNone: number) =>
    count === 0 ? whenNone : matching / count;
  const clusters = [...new Set(policies.map(policy => policy.cluster))].sort();
  // A policy drifting now counts from when it started, even if its history was pruned.
  const driftTimes = [
    ...policies
      .filter(
        policy => policy.status === 'drifted' || policy.status === 'missing',
      )
      .map(policy => policy.statusChangedAt),
    ...(input.lastDrift ? [input.lastDrift.occurredAt] : []),
  ].map(time => new Date(time).getTime());
  return {
    entityRef,
    policyCount: count,
    sealedShare: share(
      policies.filter(policy => policy.status !== 'unsealed').length,
      1,
    ),
    inSyncShare: share(
      policies.filter(policy => policy.status === 'in-sync').length,
      0,
    ),
    unprotectedClusters: clusters.filter(
      cluster => input.guardStatus(cluster) !== 'protected',
    ),
    ...(driftTimes.length > 0
      ? { lastDriftAt: new Date(Math.max(...driftTimes)).toISOString() }
      : {}),
  };
}
