/**
 * How one live sealed policy's current seal got there: the request and its pull request,
 * who requested, approved (approvals the Git host counted) and merged, the merge commit,
 * and the rollout or restore that created it, with its identity and time. One per policy
 * per cluster, written when the rollout or restore completes.
 * @public
 */
export interface PolicyProvenance {
  cluster: string;
  namespace: string;
  name: string;
  entityRef: string;
  /** The seal the rollout or restore put live. */
  seal: string;
  /** `request`: a merged replacement request's rollout; `restore`: a restore of the seal. */
  kind: 'request' | 'restore';
  /** The request's id, or the restore's: also the id of its attestation, when signed. */
  id: string;
  /** For a request: its pull request (or the change's page). */
  changeUrl?: string;
  /** For a request: who filed it; for a restore: who asked (`system` for self-heal). */
  requestedBy: string;
  /** Approvals the Git host counted when the rollout started; none for a restore. */
  approvers: string[];
  mergedBy?: string;
  mergeCommit?: string;
  /** The cluster identity that created the policy. */
  identity: string;
  /** Who started the rollout. */
  startedBy: string;
  /** When the rollout or restore completed (ISO 8601). */
  completedAt: string;
}
