import { DRIFT_STATUSES, DriftStatus, DriftStatusCounts } from './types';

/**
 * How many policies have each drift status, every status present (zero when none): the
 * roll-up of one service, one cluster or the fleet, depending on what is passed in.
 *
 * @public
 */
export function countByStatus(
  drifts: Iterable<{ status: DriftStatus }>,
): DriftStatusCounts {
  const counts = Object.fromEntries(
    DRIFT_STATUSES.map(status => [status, 0]),
  ) as DriftStatusCounts;
  for (const { status } of drifts) {
    counts[status] += 1;
  }
  return counts;
}
