import type {
  ClusterConnection,
  ClusterNamespace,
  ClusterPod,
  ClusterScopedPolicies,
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

/** What one live object looks like, per kind. */
export type LiveObjectChange =
  | { kind: 'NetworkPolicy'; object: NetworkPolicy }
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
    };

/**
 * The live view of every configured cluster: NetworkPolicies, pods and namespaces as the
 * clusters' API servers last reported them, and whether each cluster is reachable.
 * Reads are from memory and never contact a cluster.
 */
export interface LiveView {
  /** The configured clusters, in configuration order. */
  clusterNames(): string[];
  /** Throws NotFoundError for a cluster that is not configured. */
  connection(cluster: string): ClusterConnection;
  networkPolicies(cluster: string): NetworkPolicy[];
  pods(cluster: string): LivePod[];
  namespaces(cluster: string): LiveNamespace[];
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
