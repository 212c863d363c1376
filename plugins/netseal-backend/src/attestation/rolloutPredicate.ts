import {
  computeSeal,
  type NetworkPolicy,
  SEAL_ANNOTATION,
  type RolloutAttestationPredicate,
} from '@netseal/backstage-plugin-netseal-common';
import type { RestoreRecord } from '../database/RestoreStore';
import type { StoredRequest } from '../database/RequestStore';
import type { RolloutRecord } from '../database/RolloutStore';

const iso = (date: Date | undefined) => date?.toISOString();

/** A removed policy's digest: the seal it carried, or, unsealed (live-only), its own. */
function removedDigestOf(policy: NetworkPolicy): string {
  const seal = policy.metadata?.annotations?.[SEAL_ANNOTATION];
  return seal?.startsWith('sha256:') ? seal : computeSeal(policy);
}

/**
 * What a completed rollout or restore did, as its records say: the approvals are those
 * the Git host counted when the rollout started (`RolloutRecord.approvedBy`, which
 * `judgeMergedChange` kept), never the request's own review snapshot.
 */
export function rolloutPredicate(
  rollout: RolloutRecord,
  origin: { request: StoredRequest } | { restore: RestoreRecord },
): RolloutAttestationPredicate {
  const entityRef =
    'request' in origin ? origin.request.entityRef : origin.restore.entityRef;
  return {
    kind: rollout.kind,
    id: rollout.requestId,
    entityRef,
    ...('request' in origin
      ? {
          request: {
            requester: origin.request.requester,
            ...(origin.request.changeRef
              ? { changeUrl: origin.request.changeRef.url }
              : {}),
            reason: origin.request.reason,
          },
        }
      : {
          restore: {
            requestedBy: origin.restore.requestedBy,
            selfHeal: origin.restore.selfHeal,
            driftStatus: origin.restore.driftStatus,
            ...(origin.restore.liveDigest
              ? { replacedDigest: origin.restore.liveDigest }
              : {}),
          },
        }),
    approvers: rollout.approvedBy,
    ...(rollout.mergedBy ? { mergedBy: rollout.mergedBy } : {}),
    ...(rollout.mergeCommitSha ? { mergeCommit: rollout.mergeCommitSha } : {}),
    startedBy: rollout.startedBy,
    startedAt: rollout.startedAt.toISOString(),
    endedAt: (rollout.endedAt ?? rollout.startedAt).toISOString(),
    changes: rollout.changes.map(change => ({
      op: change.op,
      cluster: change.cluster,
      namespace: change.namespace,
      name: change.name,
      ...(change.op !== 'remove' && change.newSeal
        ? { seal: change.newSeal }
        : {}),
      ...(change.op === 'remove' && change.oldPolicy
        ? { removedDigest: removedDigestOf(change.oldPolicy) }
        : {}),
    })),
    clusters: rollout.clusters.map(cluster => ({
      cluster: cluster.cluster,
      identity: cluster.identity,
      status: cluster.status,
      steps: cluster.steps
        .filter(step => step.status !== 'pending')
        .map(step => ({
          phase: step.phase,
          index: step.index,
          description: step.description,
          status: step.status,
          ...(step.startedAt ? { startedAt: iso(step.startedAt) } : {}),
          ...(step.finishedAt ? { finishedAt: iso(step.finishedAt) } : {}),
        })),
    })),
  };
}
