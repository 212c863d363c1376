import { DRIFT_STATUSES, DriftStatus, DriftStatusCounts } from './types';

const RANK: Readonly<Record<DriftStatus, number>> = Object.fromEntries(
  DRIFT_STATUSES.map((status, index) => [status, index]),
) as Record<DriftStatus, number>;

/**
 * Orders drift statuses worst first (`unknown` before `missing` ... before `in-sync`),
 * for `Array.prototype.sort`.
 *
 * @public
 */
export function compareDriftStatus(a: DriftStatus, b: DriftStatus): number {
  return RANK[a] - RANK[b];
}

/**
 * The worst of some statuses, for a roll-up per service, cluster or fleet: given
 * statuses, or counts (where a status counts when its number is above zero).
 * `undefined` when there is none: no policies is not the same as in sync.
 *
 * @public
 */
export function worstStatus(
  statuses: Iterable<DriftStatus> | Partial<DriftStatusCounts>,
): DriftStatus | undefined {
  let worst: DriftStatus | undefined;
  const present: Iterable<DriftStatus> =
    Symbol.iterator in statuses
      ? (statuses as Iterable<DriftStatus>)
      : DRIFT_STATUSES.filter(
          status => ((statuses as Partial<DriftStatusCounts>)[status] ?? 0) > 0,
        );
  for (const status of present) {
    if (worst === undefined || RANK[status] < RANK[worst]) {
      worst = status;
    }
  }
  return worst;
}
