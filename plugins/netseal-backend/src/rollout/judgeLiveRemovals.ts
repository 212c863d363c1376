import {
  computeSeal,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import type { StoredRequestChange } from '../database/RequestStore';

/**
 * Why the live-only policies a merged request removes may not be deleted now: each one
 * must still be the very object the request was filed against and the reviewers
 * approved removing, with the same uid (not deleted and re-created) and the same
 * canonical digest (not edited). A changed object is never deleted blindly; one already
 * gone is no reason to stop, since what was approved (that it is not live) holds.
 */
export function judgeLiveRemovals(
  changes: readonly StoredRequestChange[],
  livePolicy: (change: StoredRequestChange) => NetworkPolicy | undefined,
): string[] {
  return changes.flatMap(change => {
    const filed = change.liveObject;
    if (change.op !== 'remove' || !filed) return [];
    const live = livePolicy(change);
    if (!live) return [];
    const where = `${change.namespace}/${change.name} in cluster ${change.cluster}`;
    const uid = live.metadata?.uid;
    if (filed.uid && uid && uid !== filed.uid) {
      return [
        `${where} was deleted and created again since the request was filed (uid ${uid}, not ${filed.uid}); nothing was deleted, so file a new removal for the object live now`,
      ];
    }
    const digest = computeSeal(live);
    if (digest !== filed.digest) {
      return [
        `${where} changed since the request was filed (canonical digest ${digest}, not the reviewed ${filed.digest}); nothing was deleted, so file a new removal for the object live now`,
      ];
    }
    return [];
  });
}
