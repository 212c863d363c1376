import type { ClusterGuard } from '@netseal/backstage-plugin-netseal-common';

/** Of two reads of the same guard, the one checked last. */
export function newerGuard(
  a: ClusterGuard | undefined,
  b: ClusterGuard | undefined,
): ClusterGuard | undefined {
  if (!a || !b) {
    return a ?? b;
  }
  return Date.parse(b.checkedAt) > Date.parse(a.checkedAt) ? b : a;
}
