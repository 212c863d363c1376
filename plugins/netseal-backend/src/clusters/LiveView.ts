import type {
  ClusterConnection,
  ClusterNamespace,
  ClusterPod,
  ClusterScopedPolicies,
  FieldWriter,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';

/** The kinds Netseal keeps a live view of, one cluster-wide list+watch each. */
export type LiveKind = 'NetworkPolicy' | 'Pod' | 'Namespace';

/** Every live kind, in the order their connection problems are reported. */
export const LIVE_KINDS: readonly LiveKind[] = [
  'NetworkPolicy',
  'Pod',
  'Namespace',
];

/** Whether the live view of a cluster can be trusted: one type with the drift rules'. */
export type { ClusterConnection } from '@netseal/backstage-plugin-netseal-common';

/** A pod as drift and reachability need it: identity, labels, addresses, ports. */
export interface LivePod extends ClusterPod {
  uid?: string;
  resourceVersion?: string;
  /** `status.phase`: Pending, Running, Succeeded, Failed or Unknown. */
  phase?: string;
  nodeName?: string;
}

/** A namespace as drift and reachability need it. */
export interface LiveNamespace extends ClusterNamespace {
  labels: Record<string, string>;
  uid?: string;
  resourceVersion?: string;
  /** `status.phase`: Active or Terminating. */
  phase?: string;
}

/**
 * A live NetworkPolicy as the live view keeps it: its identity, its live digest and the
 * object as the API server sent it (without managedFields) as JSON text, which takes a
 * few times less memory than the object; `object()` parses it anew on each call.
 */
export interface LivePolicy {
  readonly namespace: string;
  readonly name: string;
  readonly resourceVersion?: string;
  /** The live digest: `computeSeal` of the object, computed once. */
  readonly digest: string;
  readonly json: string;
  object(): NetworkPolicy;
  /** Its managedFields, reduced to what attribution reads; empty when it has none. */
  writers(): FieldWriter[];
}

/** What one live object looks like, per kind. */
export type LiveObjectChange =
  | { kind: 'NetworkPolicy'; object: LivePolicy }
  | { kind: 'Pod'; object: LivePod }
  | { kind: 'Namespace'; object: LiveNamespace };

/**
 * Something changed in the live view.
 *
 * - `object`: one object was added, modified or deleted (for `deleted`, its last state).
 * - `resynced`: a kind was listed again (after start, a 410 Gone, or a forced resync);
 *   the object events the list implied came first, and consumers that keep derived
 *   state should recompute it from the full view now.
 * - `connection`: the cluster's connection changed state or reason.
 * - `unwatched`: this replica stopped watching the cluster (another replica watches it
 *   now); consumers drop what they derived from its live state.
 */
export type LiveViewEvent =
  | ({
      type: 'object';
      cluster: string;
      change: 'added' | 'modified' | 'deleted';
      observedAt: Date;
    } & LiveObjectChange)
  | { type: 'resynced'; cluster: string; kind: LiveKind; observedAt: Date }
  | {
      type: 'connection';
      cluster: string;
      connection: ClusterConnection;
      observedAt: Date;
    }
  | { type: 'unwatched'; cluster: string; observedAt: Date };

/**
 * A cluster as the portal shows it, whichever replica watches it: its connection and how
 * many NetworkPolicies it holds, as its watcher last reported them.
 */
export interface ClusterStatus {
  connection: ClusterConnection;
  policyCount: number;
  /**
   * As the replica watching the cluster last discovered it, so every replica can show
   * it; absent where no replica has reported it yet.
   */
  clusterScopedPolicies?: ClusterScopedPolicies;
}

/**
 * The live view of every configured cluster: NetworkPolicies, pods and namespaces as the
 * clusters' API servers last reported them, and whether each cluster is reachable.
 * Reads are from memory and never contact a cluster.
 *
 * With several replicas, each cluster is watched by one of them (see `watchedClusters`).
 * Elsewhere its live state is not in memory until `load` lists it once; until then its
 * `connection` is `connecting` and its lists are empty, so no reader mistakes an
 * unread cluster for an empty one.
 */
export interface LiveView {
  /** The configured clusters, in configuration order. */
  clusterNames(): string[];
  /** The clusters this replica watches, in configuration order. */
  watchedClusters(): string[];
  /** Throws NotFoundError for a cluster that is not configured. */
  connection(cluster: string): ClusterConnection;
  /** The cluster as its watcher, here or on another replica, last reported it. */
  status(cluster: string): ClusterStatus;
  /** Parsed anew on each call: callers may keep or change what they get. */
  networkPolicies(cluster: string): NetworkPolicy[];
  /** The same policies as the view keeps them, with their live digests. */
  livePolicies(cluster: string): LivePolicy[];
  pods(cluster: string): LivePod[];
  namespaces(cluster: string): LiveNamespace[];
  /**
   * Makes the live state of these clusters readable here: a watched cluster already
   * is; one that another replica watches is listed once (each kind) and kept for a
   * short while. Resolves when each list has succeeded or failed.
   */
  load(clusters: readonly string[]): Promise<void>;
  /**
   * The cluster's cluster-scoped network policy, as last discovered: network-policy-api
   * objects (listed and watched), vendors' kinds (counted at each connection and
   * resync), and what could not be known.
   */
  clusterScopedPolicies(cluster: string): ClusterScopedPolicies;
  /**
   * Calls `listener` for every event, synchronously, in the order they happen. Returns
   * a function that unsubscribes. A listener that throws is logged and kept.
   */
  subscribe(listener: (event: LiveViewEvent) => void): () => void;
}
