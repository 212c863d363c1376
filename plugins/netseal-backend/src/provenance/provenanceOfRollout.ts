import type { PolicyProvenance } from '@netseal/backstage-plugin-netseal-common';
import type { ProvenanceKey } from '../database/ProvenanceStore';
import type { RestoreRecord } from '../database/RestoreStore';
import type { StoredRequest } from '../database/RequestStore';
import type { RolloutRecord } from '../database/RolloutStore';

/**
 * What a completed rollout or restore leaves as provenance: one record per policy it
 * created (added or replaced), and the policies it removed, which lose theirs. The
 * approvers are those the Git host counted when the rollout started
 * (`RolloutRecord.approvedBy`), never the request's own review snapshot.
 */
export function provenanceOfRollout(
  rollout: RolloutRecord,
  origin: { request: StoredRequest } | { restore: RestoreRecord },
): { records: PolicyProvenance[]; removed: ProvenanceKey[] } {
  const identities = new Map(
    rollout.clusters.map(cluster => [cluster.cluster, cluster.identity]),
  );
  const completedAt = (rollout.endedAt ?? rollout.startedAt).toISOString();
  const who =
    'request' in origin
      ? {
          entityRef: origin.request.entityRef,
          requestedBy: origin.request.requester,
          ...(origin.request.changeRef
            ? { changeUrl: origin.request.changeRef.url }
            : {}),
        }
      : {
          entityRef: origin.restore.entityRef,
          requestedBy: origin.restore.requestedBy,
        };
  const records: PolicyProvenance[] = [];
  const removed: ProvenanceKey[] = [];
  for (const change of rollout.changes) {
    const key = {
      cluster: change.cluster,
      namespace: change.namespace,
      name: change.name,
    };
    if (change.op === 'remove' || !change.newSeal) {
      removed.push(key);
      continue;
    }
    records.push({
      ...key,
      entityRef: who.entityRef,
      seal: change.newSeal,
      kind: rollout.kind,
      id: rollout.requestId,
      ...(who.changeUrl ? { changeUrl: who.changeUrl } : {}),
      requestedBy: who.requestedBy,
      approvers: [...rollout.approvedBy],
      ...(rollout.mergedBy ? { mergedBy: rollout.mergedBy } : {}),
      ...(rollout.mergeCommitSha
        ? { mergeCommit: rollout.mergeCommitSha }
        : {}),
      identity: identities.get(change.cluster) ?? '',
      startedBy: rollout.startedBy,
      completedAt,
    });
  }
  return { records, removed };
}
