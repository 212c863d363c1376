import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ClusterGuard,
  ClusterReachability,
  ClusterStatus,
  EntityName,
  EntityPolicies,
  FleetPoliciesQuery,
  FleetPolicy,
  FleetSummary,
  HistoryQuery,
  PolicyDetail,
  NewReplacementRequest,
  ReplacementRequest,
  ReplacementRequestDetail,
  RequestPreview,
  RequestsQuery,
  Attestation,
  ComplianceReport,
  ComplianceReportQuery,
  PolicyProvenanceView,
  Restore,
  StatusTransition,
} from '@netseal/backstage-plugin-netseal-common';

/** What `GET /api/netseal/health` answers. @public */
export interface NetsealHealth {
  status: 'ok';
}

/** One policy of an entity, as the API addresses it. @public */
export interface PolicyName {
  cluster: string;
  namespace: string;
  name: string;
}

/**
 * The portal's view of Netseal's backend: its reads, and the requests it files and reviews. Every method rejects with
 * Backstage's `ResponseError` carrying the server's message; a caller without
 * `netseal.policy.read` on the entity gets a 403 (`NotAllowedError`).
 *
 * @public
 */
export interface NetsealApi {
  getHealth(): Promise<NetsealHealth>;
  /** The entity's policies across its clusters, with their drift status and roll-up. */
  getEntityPolicies(entity: EntityName): Promise<EntityPolicies>;
  /** One policy with its sealed and live manifests and their differences. */
  getEntityPolicy(
    entity: EntityName,
    policy: PolicyName,
  ): Promise<PolicyDetail>;
  /** A sealed policy's document as its policy source holds it now, comments kept. */
  getEntityPolicySource(
    entity: EntityName,
    policy: PolicyName,
  ): Promise<{ file: string; text: string }>;
  /** Drift status transitions of the entity's policies, newest first. */
  getEntityHistory(
    entity: EntityName,
    query?: HistoryQuery,
  ): Promise<{ items: StatusTransition[] }>;
  /**
   * Who may reach the entity's pods and whom they may reach, per cluster: from the live
   * policies where the cluster is connected (`live`, the default), or as sealed in Git.
   */
  getEntityReachability(
    entity: EntityName,
    query?: { mode?: 'live' | 'sealed' },
  ): Promise<{ items: ClusterReachability[] }>;
  /**
   * Restores a drifted or missing policy to its seal, answering the restore started.
   * Needs `netseal.policy.restore` on the entity; refused with 409 and the reason when
   * the policy is not drifted or missing, or a rollout holds it.
   */
  restorePolicy(entity: EntityName, policy: PolicyName): Promise<Restore>;
  /** The policy's restores, newest first, each with its steps. */
  listPolicyRestores(
    entity: EntityName,
    policy: PolicyName,
    query?: { limit?: number },
  ): Promise<{ items: Restore[] }>;
  /** How the policy's current seal got there, or why that is not recorded. */
  getPolicyProvenance(
    entity: EntityName,
    policy: PolicyName,
  ): Promise<PolicyProvenanceView>;
  /** The signed attestation of a completed rollout or restore; 404 saying why when none. */
  getAttestation(id: string): Promise<Attestation>;
  /** The compliance report of a window; needs `netseal.compliance.read`. */
  getComplianceReport(query: ComplianceReportQuery): Promise<ComplianceReport>;
  /** One table of the compliance report as CSV text. */
  getComplianceCsv(
    query: ComplianceReportQuery,
    table: 'policies' | 'incidents',
  ): Promise<string>;
  /** One page of the fleet's policies, filtered on the server. */
  getFleetPolicies(
    query?: FleetPoliciesQuery,
  ): Promise<{ items: FleetPolicy[]; totalCount: number }>;
  /** Counts by drift status for the whole fleet and per cluster. */
  getFleetSummary(): Promise<FleetSummary>;
  /** One page of replacement requests, newest first, only those the caller may read. */
  listRequests(
    query?: RequestsQuery,
  ): Promise<{ items: ReplacementRequest[]; totalCount: number }>;
  /** One replacement request with its reviews and state transitions. */
  getRequest(id: string): Promise<ReplacementRequestDetail>;
  /** What filing these changes would do: each change resealed and diffed, and the access it opens and closes. */
  previewRequest(input: {
    entityRef: string;
    changes: NewReplacementRequest['changes'];
  }): Promise<RequestPreview>;
  /** Files a replacement request; a retry with the same `idempotencyKey` files nothing new. */
  createRequest(
    input: NewReplacementRequest,
    options?: { idempotencyKey?: string },
  ): Promise<ReplacementRequest>;
  /** Approves or rejects a request of the local Git provider. */
  reviewRequest(
    id: string,
    review: { decision: 'approve' | 'reject'; comment?: string },
  ): Promise<ReplacementRequestDetail>;
  /** Merges a request of the local Git provider that has its approvals. */
  mergeRequest(id: string): Promise<ReplacementRequestDetail>;
  /**
   * Closes an open or approved request and its pull request. Its requester may; anyone
   * else needs `netseal.request.review` on the entity.
   */
  closeRequest(
    id: string,
    input?: { reason?: string },
  ): Promise<ReplacementRequestDetail>;
  /**
   * Starts (or resumes) the rollout of a merged request; the server verifies its approval
   * with the Git host first and refuses with 409 and the reason. Needs
   * `netseal.rollout.execute` on the entity.
   */
  startRollout(id: string): Promise<ReplacementRequestDetail>;
  /** Every configured cluster: reachable or why not, its version, when last synced, its guard as last checked. */
  getClusters(): Promise<{ items: ClusterStatus[] }>;
  /** The cluster's admission guard, read from the cluster now. */
  getClusterGuard(cluster: string): Promise<ClusterGuard>;
  /**
   * Installs or upgrades the cluster's admission guard, answering the guard after. Needs
   * `netseal.guard.manage`; refused with 409 when the cluster has no rollout identity and
   * 502 when the cluster refuses the write, each with the server's reason.
   */
  installClusterGuard(cluster: string): Promise<ClusterGuard>;
  /**
   * Uninstalls the cluster's admission guard, answering the guard after. Needs
   * `netseal.guard.manage`.
   */
  uninstallClusterGuard(cluster: string): Promise<ClusterGuard>;
}

/** @public */
export const netsealApiRef = createApiRef<NetsealApi>({ id: 'plugin.netseal' });
