import { DRIFT_STATUSES, DriftStatus, DriftStatusCounts } from './types';

/**
 * Severity of each status for roll-ups and sorting, worst first. A real, known difference
 * between Git and the cluster (`missing`, `drifted`, `unsealed`) outranks `unknown`: a
 * cluster that is down must not hide a drift that someone can act on elsewhere. `unknown`
 * still ranks above `pending` and `in-sync`, because what cannot be read is never
 * reported as fine: a roll-up with any `unknown` policy never turns green.
 *
 * Deliberately not `DRIFT_STATUSES`' order, which follows the drift engine's rules.
 */
const RANK: Readonly<Record<DriftStatus, number>> = {
  missing: 0,
  drifted: 1,
  unsealed: 2,
  unknown: 3,
  pending: 4,
  'in-sync': 5,
};

/**
 * A status's severity, 0 for the worst (`missing`) to 5 for `in-sync`: the order in which
 * roll-ups, listings and sorts put statuses, so a database can store it and sort by it.
 *
 * @public
 */
export function driftStatusRank(status: DriftStatus): number {
  return RANK[status];
}

/**
 * Orders drift statuses worst first (`missing`, `drifted`, `unsealed`, `unknown`,
 * `pending`, `in-sync`), for `Array.prototype.sort`.
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
