import type { DriftAttribution } from '../attribution/types';
import type { ValidationProblem } from '../validation/ValidationProblem';

/**
 * Drift status of one sealed policy, in the order the drift rules decide it (the first
 * that applies wins; roll-ups rank them differently, see `driftStatusRank`):
 * - `unknown`: the cluster is unreachable or forbids access; never reported as in sync.
 * - `missing`: sealed in Git, absent live.
 * - `drifted`: the live object's canonical digest differs from its seal.
 * - `unsealed`: in Git without a valid seal, or live and selecting the service's pods
 *   without being in Git.
 * - `pending`: an approved replacement has not finished rolling out.
 * - `in-sync`.
 * @public
 */
export type DriftStatus =
  | 'unknown'
  | 'missing'
  | 'drifted'
  | 'unsealed'
  | 'pending'
  | 'in-sync';

/** Every drift status, in the order the drift rules decide it. @public */
export const DRIFT_STATUSES: readonly DriftStatus[] = [
  'unknown',
  'missing',
  'drifted',
  'unsealed',
  'pending',
  'in-sync',
];

/**
 * One field where the live object and the sealed manifest disagree, as canonical-form
 * field paths (`spec.ingress[0].ports[1].port`, `metadata.labels["team"]`). A side is
 * absent when the field exists only on the other side. Indices count in the sealed
 * manifest's canonical form; an element found only live is numbered after the sealed
 * list's last element, as if appended (see `diffCanonicalPolicies`).
 * @public
 */
export interface FieldDifference {
  path: string;
  sealed?: unknown;
  live?: unknown;
}

/** Where a sealed manifest sits in its policy source. @public */
export interface SourceLocation {
  /** Path inside the policy source, e.g. `prod-eu/payments/allow-checkout.yaml`. */
  file: string;
  /** 1-based line of the manifest's document (or of the offending field). */
  line: number;
}

/** The drift verdict for one policy in one cluster, as the API serves it. @public */
export interface PolicyDrift {
  cluster: string;
  namespace: string;
  name: string;
  status: DriftStatus;
  /** Why, in words a person can act on; always set for unknown and unsealed. */
  reason?: string;
  /** The seal recorded in Git (`netseal.io/seal`), when there is one. */
  seal?: string;
  /** The seal computed from the live object, when it exists. */
  liveDigest?: string;
  source?: SourceLocation;
  differences: FieldDifference[];
  /** For a manifest that is not a valid NetworkPolicy: every problem, each naming its field. */
  problems?: ValidationProblem[];
  /** For `drifted`, `missing` and live `unsealed`: who or what the cluster says changed it. */
  attribution?: DriftAttribution;
}

/** How many policies have each drift status; every status is present, zero when none. @public */
export type DriftStatusCounts = Record<DriftStatus, number>;

/**
 * The stored drift verdict of one policy for one catalog entity, as the API lists it.
 * The same live policy can appear under two entities (e.g. a namespace-wide policy that
 * selects the pods of both).
 * @public
 */
export interface PolicyDriftRecord extends PolicyDrift {
  /** The catalog entity whose policy source (or pods) the policy belongs to. */
  entityRef: string;
  /** When the drift engine last checked this policy (ISO 8601). */
  checkedAt: string;
  /** When the status last changed to what it is now (ISO 8601). */
  statusChangedAt: string;
}

/**
 * A stored drift verdict with both sides, for the policy's own page: the manifest as
 * sealed in Git and the live object as the cluster returned it.
 * @public
 */
export interface PolicyDriftDetails extends PolicyDriftRecord {
  sealedManifest?: unknown;
  liveManifest?: unknown;
}

/**
 * A change of one policy's drift status, kept as history. Recorded only when the status
 * changes, never for a check that finds the same status again.
 * @public
 */
export interface DriftStatusTransition {
  id: number;
  entityRef: string;
  cluster: string;
  namespace: string;
  name: string;
  /** Absent when the policy was seen for the first time. */
  from?: DriftStatus;
  /** Absent when the policy is no longer tracked: gone from the policy source and the cluster. */
  to?: DriftStatus;
  seal?: string;
  liveDigest?: string;
  reason?: string;
  /** When the policy left `in-sync` (or was first seen out of it): who or what changed it. */
  attribution?: DriftAttribution;
  /** ISO 8601. */
  occurredAt: string;
}
