import type { NetworkPolicy } from '../types';
import type { ValidationProblem } from '../validation/ValidationProblem';
import type { ServicePods } from './servicePodsFromAnnotations';

/**
 * Whether Netseal can read a cluster right now. Anything but `connected` makes every
 * sealed policy of that cluster `unknown`, with the reason.
 *
 * - `connecting`: the first list has not finished yet.
 * - `connected`: every kind is listed and watched. `lastSyncedAt` is when the view was
 *   last confirmed complete: the latest list, or watch (re)connection, after which every
 *   kind was in sync.
 * - `unreachable`, `unauthorized` (401), `forbidden` (403): listing or watching fails;
 *   `reason` says why in the cluster's own words, `since` is when the outage began, and
 *   `lastSyncedAt` how old the kept view is.
 *
 * @public
 */
export type ClusterConnection =
  | { state: 'connecting' }
  | {
      state: 'connected';
      /** The API server's `gitVersion` (from `/version`), when it answered. */
      version?: string;
      lastSyncedAt?: Date;
    }
  | {
      state: 'unreachable' | 'unauthorized' | 'forbidden';
      /** What failed, e.g. `connect ECONNREFUSED 10.0.0.1:6443`. */
      reason: string;
      since?: Date;
      lastSyncedAt?: Date;
    };

/**
 * A manifest of the policy source that is a valid NetworkPolicy. Its seal is checked
 * again: the recorded seal must equal `computeSeal(policy)`, or the policy is unsealed.
 * @public
 */
export interface SealedManifest {
  kind: 'sealed';
  /** Path inside the policy source. */
  file: string;
  /** 1-based line where the manifest's document starts. */
  line: number;
  /** Valid: `validateNetworkPolicy` found no problem in it. */
  policy: NetworkPolicy;
  /** The seal recorded in Git; the policy's `netseal.io/seal` annotation when left out. */
  seal?: string;
}

/**
 * A manifest of the policy source that is not a valid NetworkPolicy (malformed YAML, a
 * wrong kind, an invalid port...). Its identity is given when it could be read.
 * @public
 */
export interface InvalidManifest {
  kind: 'invalid';
  file: string;
  line: number;
  namespace?: string;
  name?: string;
  /** Why it is rejected, in words a person can act on. */
  reason: string;
  problems: ValidationProblem[];
}

/** @public */
export type PolicySourceManifest = SealedManifest | InvalidManifest;

/** A live pod, as much of it as drift needs. @public */
export interface LivePod {
  namespace: string;
  name: string;
  labels?: Readonly<Record<string, string>>;
}

/** A policy that an approved replacement is rolling out (created, replaced or removed). @public */
export interface PendingRollout {
  namespace: string;
  name: string;
  /** Shown as the status reason, e.g. `replacement request #42 is rolling out`. */
  reason: string;
  /**
   * What the cluster holds once the rollout's effect is live: an object with this seal
   * (a creation or replacement), or `absent` (a removal). While the live state differs
   * the policy is `pending`; once it matches (the rollout ran, or someone applied it),
   * the policy is judged as usual. Left out, the policy is `pending` whatever is live.
   */
  expected?: { seal: string } | 'absent';
}

/**
 * One cluster's share of a service's drift: what the policy source holds for it, and
 * what the cluster holds.
 * @public
 */
export interface ClusterDriftInput {
  cluster: string;
  connection: ClusterConnection;
  /** The service's manifests for this cluster, valid or not. */
  manifests: readonly PolicySourceManifest[];
  /**
   * Live NetworkPolicies: at least those of the namespaces where the service has
   * manifests or pods (the whole cluster is fine). Ignored unless connected.
   */
  livePolicies: readonly NetworkPolicy[];
  /** Live pods: at least the service's own (the whole cluster is fine). Ignored unless connected. */
  livePods: readonly LivePod[];
  /** Policies whose approved replacement has not finished rolling out. */
  pending?: readonly PendingRollout[];
  /**
   * True for a live policy that another entity's policy source holds: it may select this
   * service's pods (a namespace-wide default deny) without being reported here as
   * unsealed; its own entity reports its drift.
   */
  isInAnotherPolicySource?: (namespace: string, name: string) => boolean;
  /**
   * `computeSeal`, or a memo of it for callers that check the same unchanged objects
   * again and again (the backend keys it by object). Must return what `computeSeal` would.
   */
  digestOf?: (policy: NetworkPolicy) => string;
}

/** Everything drift needs about one service (catalog entity). @public */
export interface ServiceDriftInput {
  /**
   * The service's pods. Without them, live policies missing from the policy source
   * cannot be attributed to the service and are not looked for.
   */
  servicePods?: ServicePods;
  /** One entry per cluster the service runs in; each cluster at most once. */
  clusters: readonly ClusterDriftInput[];
}
