/**
 * Drift status of one sealed policy, worst first (DESIGN.md):
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

/** Every drift status, worst first. @public */
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
 * field paths (`spec.ingress[0].ports[1].port`). A side is absent when the field exists
 * only on the other side.
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
}
