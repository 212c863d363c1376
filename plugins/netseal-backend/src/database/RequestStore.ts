import type {
  ClusterAccessChanges,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import type { ChangeRef } from '@netseal/backstage-plugin-netseal-node';

/** A replacement request's life, by DESIGN's vocabulary. */
export const REQUEST_STATES = [
  'open',
  'approved',
  'merged',
  'rolling-out',
  'completed',
  'failed',
  'rolled-back',
  'closed',
] as const;

export type RequestState = (typeof REQUEST_STATES)[number];

/** States in which a request holds its policies against a second request. */
export const UNDECIDED_STATES: readonly RequestState[] = ['open', 'approved'];

/** One policy change as stored: what the pull request carries, seals before and after. */
export interface StoredRequestChange {
  op: 'replace' | 'add' | 'remove';
  cluster: string;
  namespace: string;
  name: string;
  /** Path of the file in the policy source, relative to its folder. */
  file: string;
  oldSeal?: string;
  newSeal?: string;
  /** The resealed manifest; absent for `remove`. */
  text?: string;
  /**
   * The sealed policy replaced or removed, as the policy source held it when the request
   * was filed: the rollout's guards cover what it selects. For an `add` that adopts a
   * live-only policy into Git, the live object it replaces; absent for other adds, and in
   * requests filed before rollouts existed (the rollout then reads the live object).
   */
  oldManifest?: NetworkPolicy;
  /**
   * For `remove`: the requester confirmed that the removal leaves pods the policy
   * isolated open to all traffic in a direction.
   */
  acknowledgeNonIsolation?: boolean;
  /**
   * For a `remove` of a live-only policy (live, in no policy source): the live object the
   * request was filed against. No file holds it, so `file` is only where it would be;
   * the rollout deletes the object only while it is still this one.
   */
  liveObject?: StoredLiveObject;
}

/** A live object exactly: a changed one has another digest, a re-created one another uid. */
export interface StoredLiveObject {
  uid?: string;
  resourceVersion?: string;
  /** The canonical digest of the live object (`sha256:<hex>`). */
  digest: string;
}

/** States in which a request's changes are in the policy source but may not be live yet. */
export const ROLLOUT_PENDING_STATES = ['merged', 'rolling-out'] as const;

/** A change merged into the policy source whose rollout has not completed. */
export interface PendingRequestChange {
  requestId: string;
  entityRef: string;
  state: (typeof ROLLOUT_PENDING_STATES)[number];
  change: StoredRequestChange;
}

/** One review of a request's change, as its Git host reported it. */
export interface StoredRequestReview {
  /** A login on the Git host, or a catalog user for the local provider. */
  reviewer: string;
  /** The provider's decision: `approved`, `changes-requested` or `commented`. */
  decision: string;
  /** When they decided, as an ISO 8601 timestamp. */
  at: string;
  comment?: string;
  /** Whether it is an approval that counts; absent when the provider did not say. */
  counted?: boolean;
}

/** One change as its pull request shows it. */
export interface FiledChange {
  /** The policy's document as the policy source held it, comments kept; absent for `add`. */
  oldText?: string;
  /** The resealed document as committed; absent for `remove`. */
  newText?: string;
  /** Unified line diff of the two, each line led by `-`, `+` or a space. */
  diff: string[];
  /** What the policy allows after the change (or the removed one allowed), in sentences. */
  summary: string[];
  /** Whether the policy selects the entity's own pods; false: another service's policy. */
  selectsService: boolean;
}

/**
 * What a request's pull request holds, worked out once, when the request was filed, so
 * that reading it again costs no Git host call and no analysis.
 */
export interface RequestAsFiled {
  /** One per change of the request, in the same order. */
  changes: FiledChange[];
  /** The access paths the request opens and closes per cluster, from the live view then. */
  accessChanges: ClusterAccessChanges[];
  /** The rollout the merge will start, in words: its strategy and each cluster's steps. */
  rolloutPlan: {
    strategy: string;
    clusters: { cluster: string; steps: string[] }[];
  };
}

/** A request's reviews as read from its Git host at one moment. */
export interface RequestReviewSnapshot {
  /** Every review, oldest first. */
  reviews: StoredRequestReview[];
  /** The approvals that counted. */
  approvals: number;
  /** The approvals the request needed when they were read. */
  requiredApprovals: number;
}

export interface StoredRequest {
  id: string;
  entityRef: string;
  state: RequestState;
  reason: string;
  /** The requester's catalog user, e.g. `user:default/jane`. */
  requester: string;
  /** The requester's login on the Git host, from their catalog user, when known. */
  requesterLogin?: string;
  providerId?: string;
  changeRef?: ChangeRef;
  changes: StoredRequestChange[];
  /** Why the provider failed, when `state` is `failed`. */
  error?: { kind: string; message: string };
  createdAt: Date;
  updatedAt: Date;
  /** The reviews last read from the Git host and when; absent until first read. */
  reviewed?: RequestReviewSnapshot & { at: Date };
  /** What its pull request holds; absent for requests filed before Netseal kept it. */
  asFiled?: RequestAsFiled;
}

export interface RequestTransition {
  from?: RequestState;
  to: RequestState;
  actor: string;
  reason?: string;
  at: Date;
}

export interface NewRequest {
  entityRef: string;
  reason: string;
  requester: string;
  requesterLogin?: string;
  providerId: string;
  changes: StoredRequestChange[];
  idempotencyKey?: string;
  /**
   * `sha256:<hex>` of the body filed with `idempotencyKey`: a later request with the same
   * key and requester but another fingerprint is refused, not answered with this one.
   */
  idempotencyFingerprint?: string;
}

/** Why a request could not be created: another undecided request holds one of its policies. */
export interface HeldPolicy {
  cluster: string;
  namespace: string;
  name: string;
  requestId: string;
}

export interface ListRequestsOptions {
  entityRef?: string;
  /** Only these entities (those the caller may read). */
  entityRefs?: readonly string[];
  state?: RequestState;
  limit: number;
  offset?: number;
}

/**
 * Where replacement requests and their transitions live. The router and the request
 * service use it; they know nothing of SQL.
 */
export interface RequestStore {
  /**
   * Stores a new `open` request and its first transition, unless an open or approved
   * request already holds one of its policies: then nothing is stored and the holder is
   * returned. A request with the same requester and idempotency key is returned as is
   * (`existing`), or, when it was filed with another fingerprint, as `keyReused`.
   */
  create(
    request: NewRequest,
    at: Date,
  ): Promise<
    | { created: StoredRequest }
    | { existing: StoredRequest }
    | { keyReused: StoredRequest }
    | { held: HeldPolicy }
  >;
  /**
   * The request `requester` filed with `idempotencyKey`, and the fingerprint of the body
   * it was filed with (absent for requests filed before fingerprints were kept).
   */
  findByIdempotencyKey(
    requester: string,
    idempotencyKey: string,
  ): Promise<{ request: StoredRequest; fingerprint?: string } | undefined>;
  get(id: string): Promise<StoredRequest | undefined>;
  list(
    options: ListRequestsOptions,
  ): Promise<{ items: StoredRequest[]; totalCount: number }>;
  /**
   * Moves a request to `to` and records the transition, unless it already is in `to`.
   * Leaving open/approved releases its policies. Returns the request as stored after.
   */
  transition(
    id: string,
    options: {
      to: RequestState;
      actor: string;
      reason?: string;
      changeRef?: ChangeRef;
      error?: { kind: string; message: string };
      at: Date;
    },
  ): Promise<{ request: StoredRequest; from?: RequestState }>;
  /** Records the change a provider opened, without a change of state. */
  setChangeRef(id: string, changeRef: ChangeRef, at: Date): Promise<void>;
  /**
   * Records what the request's pull request holds, as worked out when it was filed;
   * neither the state nor `updatedAt` changes. An unknown id is ignored.
   */
  setAsFiled(id: string, asFiled: RequestAsFiled): Promise<void>;
  /**
   * Records the reviews read from the Git host at `at`, replacing those read before,
   * unless a later read is stored already (two refreshes can finish out of order).
   * Neither the state nor `updatedAt` changes: reading reviews is not a change.
   * An unknown id is ignored.
   */
  setReviews(
    id: string,
    snapshot: RequestReviewSnapshot,
    at: Date,
  ): Promise<void>;
  listTransitions(id: string): Promise<RequestTransition[]>;
  /** Every entity with requests. */
  listEntityRefs(): Promise<string[]>;
  /**
   * The changes of every request in state `merged` or `rolling-out`, of all entities
   * (the drift engine checks many at once), oldest request first: when two such requests
   * change the same policy, the later one's change comes last.
   */
  listPendingChanges(): Promise<PendingRequestChange[]>;
}
