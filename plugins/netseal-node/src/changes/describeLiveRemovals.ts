import type { LiveRemoval } from './NetsealChangeProvider';

/**
 * The lines a change's commit message records its live removals with, the same for every
 * Git host, so that the repository's history names each deleted object exactly: one
 * line per object, with the uid, resourceVersion and canonical digest it was filed
 * against. Empty when there are none.
 *
 * @public
 */
export function describeLiveRemovals(
  liveRemovals: readonly LiveRemoval[] | undefined,
): string {
  if (!liveRemovals || liveRemovals.length === 0) return '';
  return [
    'Removes live NetworkPolicies that Git never held (no file changes):',
    ...liveRemovals.map(
      removal =>
        `Netseal-Live-Removal: cluster=${removal.cluster} namespace=${
          removal.namespace
        } name=${removal.name} uid=${removal.uid ?? '-'} resourceVersion=${
          removal.resourceVersion ?? '-'
        } digest=${removal.digest}`,
    ),
  ].join('\n');
}
