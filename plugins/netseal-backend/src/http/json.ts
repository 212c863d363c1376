import {
  ClusterScopedPolicies,
  describeNetworkPolicy,
  DriftStatusTransition,
  PolicyDriftRecord,
  PolicyProvenance,
  REQUEST_ANNOTATION,
  RequestPreview,
} from '@netseal/backstage-plugin-netseal-common';
import type { ComplianceReport } from '../compliance/buildComplianceReport';
import type { AttestationRecord } from '../database/AttestationStore';
import type { StoredRequest } from '../database/RequestStore';
import type { RolloutRecord } from '../database/RolloutStore';
import type { ClusterGuardState } from '../guard/GuardService';
import type { RestoreView } from '../restore/RestoreService';
import { diffLines } from '../requests/diffLines';
import { isWebUrl } from '../requests/requestPortalUrl';
import type {
  ChangedPolicyStatus,
  PreviewedRequest,
} from '../requests/RequestService';

// Every shape the API answers with is made here, from the services' own records, so a
// field is named and formatted once (dates as ISO 8601, absent fields left out).

export function toPolicyStatusJson(record: PolicyDriftRecord) {
  return {
    cluster: record.cluster,
    namespace: record.namespace,
    name: record.name,
    status: record.status,
    ...(record.reason ? { reason: record.reason } : {}),
    ...(record.seal ? { seal: record.seal } : {}),
    ...(record.liveDigest ? { liveDigest: record.liveDigest } : {}),
    ...(record.source ? { source: { ...record.source } } : {}),
    differences: record.differences.map(difference => ({ ...difference })),
    checkedAt: record.checkedAt,
    statusChangedAt: record.statusChangedAt,
    ...(record.attribution ? { attribution: { ...record.attribution } } : {}),
  };
}

/** Said of a sealed policy that has no provenance record. */
export const NO_PROVENANCE =
  'No provenance record: no Netseal rollout or restore created this policy since provenance is recorded (it was created before Netseal, or by hand)';

function toProvenanceJson(record: PolicyProvenance) {
  const { changeUrl, approvers, ...rest } = record;
  return {
    ...rest,
    // A local change's URL is a path on the backend's disk, not a page to link.
    ...(changeUrl && isWebUrl(changeUrl) ? { changeUrl } : {}),
    approvers: [...approvers],
  };
}

/**
 * A policy's provenance, or why it has none; with the live object's `netseal.io/request`
 * annotation as a hint only.
 */
export function toProvenanceViewJson(
  record: PolicyProvenance | undefined,
  liveManifest: unknown,
) {
  const annotations = asObject(
    asObject(asObject(liveManifest)?.metadata)?.annotations,
  );
  const hint = annotations?.[REQUEST_ANNOTATION];
  return {
    ...(record
      ? { provenance: toProvenanceJson(record) }
      : { missingReason: NO_PROVENANCE }),
    ...(typeof hint === 'string' ? { requestAnnotation: hint } : {}),
  };
}

/** The compliance report as the API answers it. */
export function toComplianceReportJson(report: ComplianceReport) {
  return {
    ...report,
    policies: report.policies.map(({ provenance, ...policy }) => ({
      ...policy,
      ...(provenance ? { provenance: toProvenanceJson(provenance) } : {}),
    })),
    incidents: report.incidents.map(({ attribution, ...incident }) => ({
      ...incident,
      ...(attribution ? { attribution: { ...attribution } } : {}),
    })),
  };
}

/** A drift status change; `from` and `to` are left out when absent (first seen, removed). */
export function toTransitionJson(transition: DriftStatusTransition) {
  const { from, to, attribution, ...rest } = transition;
  return {
    ...rest,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(attribution ? { attribution: { ...attribution } } : {}),
  };
}

/**
 * A request as listed. `url` opens in a browser: a pull request's page, or, for a change
 * with none (a local change's `file:` URL), the request's page in the portal.
 */
export function toRequestJson(request: StoredRequest, portalUrl?: string) {
  const { changeRef } = request;
  let url: string | undefined;
  if (changeRef) {
    url = isWebUrl(changeRef.url) ? changeRef.url : portalUrl;
  }
  return {
    id: request.id,
    entityRef: request.entityRef,
    state: request.state,
    reason: request.reason,
    requester: request.requester,
    ...(request.providerId ? { providerId: request.providerId } : {}),
    ...(url ? { url } : {}),
    ...(portalUrl ? { portalUrl } : {}),
    ...(changeRef ? { branch: changeRef.branch } : {}),
    changes: request.changes.map(change => ({
      op: change.op,
      cluster: change.cluster,
      namespace: change.namespace,
      name: change.name,
      file: change.file,
      ...(change.oldSeal ? { oldSeal: change.oldSeal } : {}),
      ...(change.newSeal ? { newSeal: change.newSeal } : {}),
      ...(change.liveObject ? { liveObject: { ...change.liveObject } } : {}),
    })),
    ...(request.error ? { error: { ...request.error } } : {}),
    createdAt: request.createdAt.toISOString(),
    updatedAt: request.updatedAt.toISOString(),
    ...(request.reviewed
      ? {
          approvals: request.reviewed.approvals,
          requiredApprovals: request.reviewed.requiredApprovals,
          reviews: request.reviewed.reviews.map(review => ({ ...review })),
          reviewedAt: request.reviewed.at.toISOString(),
        }
      : {}),
  };
}

/** What a request's detail adds: what its pull request holds, and its policies' statuses now. */
export function toRequestReviewJson(
  request: StoredRequest,
  policyStatuses: ChangedPolicyStatus[],
) {
  const { asFiled } = request;
  return {
    ...(asFiled
      ? {
          asFiled: {
            changes: asFiled.changes.map(change => ({
              ...(change.oldText !== undefined
                ? { oldText: change.oldText }
                : {}),
              ...(change.newText !== undefined
                ? { newText: change.newText }
                : {}),
              diff: [...change.diff],
              summary: [...change.summary],
              selectsService: change.selectsService,
            })),
            accessChanges: asFiled.accessChanges,
            rolloutPlan: {
              strategy: asFiled.rolloutPlan.strategy,
              clusters: asFiled.rolloutPlan.clusters.map(cluster => ({
                cluster: cluster.cluster,
                steps: [...cluster.steps],
              })),
            },
          },
        }
      : {}),
    policyStatuses: policyStatuses.map(status => ({ ...status })),
  };
}

export function toRequestPreviewJson(
  preview: PreviewedRequest,
): RequestPreview {
  if (!preview.ok) {
    return preview;
  }
  return {
    ok: true,
    providerId: preview.providerId,
    changes: preview.changes.map(change => ({
      op: change.op,
      cluster: change.cluster,
      namespace: change.namespace,
      name: change.name,
      file: change.file,
      ...(change.oldSeal ? { oldSeal: change.oldSeal } : {}),
      ...(change.newSeal ? { newSeal: change.newSeal } : {}),
      ...(change.liveObject ? { liveObject: { ...change.liveObject } } : {}),
      ...(change.oldText !== undefined ? { oldText: change.oldText } : {}),
      ...(change.newText !== undefined ? { newText: change.newText } : {}),
      diff: diffLines(change.oldText ?? '', change.newText ?? ''),
      selectsService: change.selectsService,
      summary: change.policy ? describeNetworkPolicy(change.policy) : [],
    })),
    accessChanges: preview.accessChanges,
  };
}

export function toGuardJson(guard: ClusterGuardState) {
  return { ...guard, checkedAt: guard.checkedAt.toISOString() };
}

export function toRolloutJson(rollout: RolloutRecord) {
  return {
    status: rollout.status,
    ...(rollout.waitingFor ? { waitingFor: rollout.waitingFor } : {}),
    startedBy: rollout.startedBy,
    startedAt: rollout.startedAt.toISOString(),
    ...(rollout.endedAt ? { endedAt: rollout.endedAt.toISOString() } : {}),
    ...(rollout.mergeCommitSha
      ? { mergeCommitSha: rollout.mergeCommitSha }
      : {}),
    approvedBy: rollout.approvedBy,
    ...(rollout.mergedBy ? { mergedBy: rollout.mergedBy } : {}),
    clusters: rollout.clusters.map(cluster => ({
      cluster: cluster.cluster,
      identity: cluster.identity,
      status: cluster.status,
      ...(cluster.reason ? { reason: cluster.reason } : {}),
      steps: cluster.steps.map(step => ({
        phase: step.phase,
        index: step.index,
        description: step.description,
        status: step.status,
        ...(step.startedAt ? { startedAt: step.startedAt.toISOString() } : {}),
        ...(step.finishedAt
          ? { finishedAt: step.finishedAt.toISOString() }
          : {}),
        ...(step.error ? { error: step.error } : {}),
      })),
    })),
  };
}

export function toRestoreJson({ restore, rollout }: RestoreView) {
  return {
    id: restore.id,
    entityRef: restore.entityRef,
    cluster: restore.cluster,
    namespace: restore.namespace,
    name: restore.name,
    driftStatus: restore.driftStatus,
    seal: restore.seal,
    ...(restore.liveDigest ? { liveDigest: restore.liveDigest } : {}),
    requestedBy: restore.requestedBy,
    selfHeal: restore.selfHeal,
    createdAt: restore.createdAt.toISOString(),
    rollout: toRolloutJson(rollout),
  };
}

/** A stored manifest as a JSON object, or undefined when it is not one. */
export function asObject(
  value: unknown,
): { [key: string]: unknown } | undefined {
  return value && typeof value === 'object'
    ? (value as { [key: string]: unknown })
    : undefined;
}

/** Which cluster-scoped kinds a cluster serves, with their object counts. */
export function toClusterScopedKindsJson(clusterScoped: ClusterScopedPolicies) {
  const read = new Map<
    string,
    { kind: string; group: string; count: number }
  >();
  for (const object of clusterScoped.objects) {
    const group = object.apiVersion.split('/')[0];
    const key = `${group}/${object.kind}`;
    const entry = read.get(key) ?? { kind: object.kind, group, count: 0 };
    entry.count += 1;
    read.set(key, entry);
  }
  return {
    kinds: [
      ...[...read.values()].map(entry => ({ ...entry, read: true })),
      ...clusterScoped.counted.map(entry => ({ ...entry, read: false })),
    ],
    ...(clusterScoped.notKnown?.length
      ? { notKnown: clusterScoped.notKnown }
      : {}),
  };
}

/** A signed attestation as the API serves it. */
export function toAttestationJson(attestation: AttestationRecord) {
  return {
    id: attestation.id,
    kind: attestation.kind,
    entityRef: attestation.entityRef,
    keyId: attestation.keyId,
    createdAt: attestation.createdAt.toISOString(),
    envelope: {
      payloadType: attestation.envelope.payloadType,
      payload: attestation.envelope.payload,
      signatures: attestation.envelope.signatures.map(signature => ({
        ...signature,
      })),
    },
  };
}
