import type { NetworkPolicy } from '../types';

/** What a replacement request does to one policy. @public */
export type RequestChangeOp = 'replace' | 'add' | 'remove';

/**
 * One change of a replacement request, as the portal sends it.
 *
 * @public
 */
export interface RequestChange {
  op: RequestChangeOp;
  cluster: string;
  namespace: string;
  name: string;
  /** The policy's YAML, for `replace` and `add`; absent for `remove`. */
  manifest?: string;
  /**
   * For `remove`: the requester confirms that the removal leaves pods the policy
   * isolated open to all traffic in a direction (see `podsLeftNonIsolated`).
   */
  acknowledgeNonIsolation?: boolean;
}

/** A sealed policy the entity already has. @public */
export interface ExistingSealedPolicy {
  cluster: string;
  namespace: string;
  name: string;
  manifest: NetworkPolicy;
}

/**
 * What a request's changes are checked against: the entity's targets and its sealed
 * policies, as the server knows them.
 *
 * @public
 */
export interface RequestContext {
  /** The clusters the entity targets. */
  clusters: readonly string[];
  /** The namespaces the entity targets. */
  namespaces: readonly string[];
  existing: readonly ExistingSealedPolicy[];
  /**
   * The entity's live-only policies: live in a cluster, selecting its pods, in no policy
   * source (`unsealed`). A `remove` may name one; the rollout then deletes the live
   * object the request was filed against.
   */
  liveOnly?: readonly { cluster: string; namespace: string; name: string }[];
}

/**
 * A change that passed validation, with what the pull request needs: the resealed policy
 * and its text, and the seals before and after.
 *
 * @public
 */
export interface ValidatedRequestChange extends RequestChange {
  /** The policy as it will be sealed; absent for `remove`. */
  policy?: NetworkPolicy;
  /** The seal of the sealed policy replaced or removed. */
  oldSeal?: string;
  /** The seal written into `text`; absent for `remove`. */
  newSeal?: string;
  /** The manifest with the sealed label and seal written in, its comments and layout kept. */
  text?: string;
}

/**
 * One reason a request is refused. `field` names where, such as
 * `changes[0].manifest: spec.ingress[0].ports[0].port`; `message` says what to do.
 *
 * @public
 */
export interface RequestProblem {
  field: string;
  message: string;
}

/** Every change validated and resealed, or every problem found. @public */
export type RequestValidation =
  | { ok: true; changes: ValidatedRequestChange[] }
  | { ok: false; problems: RequestProblem[] };
