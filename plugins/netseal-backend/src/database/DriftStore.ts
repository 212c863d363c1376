import type {
  DriftStatus,
  DriftStatusCounts,
  DriftStatusTransition,
  PolicyDrift,
  PolicyDriftDetails,
  PolicyDriftRecord,
} from '@netseal/backstage-plugin-netseal-common';

/** A verdict of computeDrift with the two documents it compared, to be stored. */
export interface PolicyDriftToStore extends PolicyDrift {
  /** The manifest as sealed in Git. */
  sealedManifest?: unknown;
  /** The live object as the cluster returned it. */
  liveManifest?: unknown;
}

/** One check's verdicts of one entity, to replace the stored ones with. */
export interface StatusesToReplace {
  entityRef: string;
  cluster?: string;
  /**
   * Instead of `cluster`: the verdicts of these clusters (`only`), or of every cluster
   * but these (`allBut`), as a replica replaces the clusters it is responsible for.
   */
  clusters?: DriftScope;
  statuses: readonly PolicyDriftToStore[];
  checkedAt: Date;
}

/** The clusters whose verdicts of an entity one write replaces. */
export type DriftScope =
  | { only: readonly string[] }
  | { allBut: readonly string[] };

/** Identifies one stored policy verdict. */
export interface PolicyDriftKey {
  /** Optional: without it, the worst verdict among the entities that hold the policy. */
  entityRef?: string;
  cluster: string;
  namespace: string;
  name: string;
}

export type PolicyDriftOrder = 'status' | 'name' | 'cluster' | 'checkedAt';

export interface ListPoliciesOptions {
  cluster?: string;
  namespace?: string;
  /** Any of these statuses. */
  status?: readonly DriftStatus[];
  entityRef?: string;
  /** Only these entities (those the caller may read). */
  entityRefs?: readonly string[];
  /** Case-insensitive substring of the name, namespace, cluster or entity. */
  search?: string;
  /** `status` sorts worst first in ascending order. Default `status`. */
  orderBy?: PolicyDriftOrder;
  /** Default `asc`. */
  order?: 'asc' | 'desc';
  /** 1 to 1000. */
  limit: number;
  /** Default 0. */
  offset?: number;
}

export interface ListHistoryOptions {
  entityRef?: string;
  cluster?: string;
  namespace?: string;
  name?: string;
  /** 1 to 1000. */
  limit: number;
  /** Only transitions with an id below this one: the next page after the last id seen. */
  before?: number;
}

/** A manifest as sealed in Git, with the cluster it targets. */
export interface SealedManifestOfCluster {
  cluster: string;
  manifest: unknown;
}

/** Why an entity's policy source could not be read at the last attempt. */
export interface PolicySourceError {
  message: string;
  /** When the read was last tried. */
  checkedAt: Date;
}

export interface ClusterStatusCounts {
  cluster: string;
  counts: DriftStatusCounts;
}

/**
 * Where drift verdicts live between checks: the current status of each policy per
 * entity, and the history of its changes. The drift engine writes, the API reads.
 */
export interface DriftStore {
  /**
   * Replaces the stored verdicts of one entity (or of one of its clusters, when
   * `cluster` is given, or of some, with `clusters`) with a check's results, in one
   * transaction. Verdicts of that scope absent from `statuses` are removed. A transition is recorded only when a
   * policy's status changes (`from` absent: first seen; `to` absent: removed), and the
   * transitions are returned so the caller can notify owners once per change. A stored
   * verdict checked later than `checkedAt` is kept: a slow check never overwrites a
   * newer one.
   */
  replaceStatuses(options: StatusesToReplace): Promise<DriftStatusTransition[]>;

  /**
   * Several entities' writes as `replaceStatuses` makes each, in one transaction: a check
   * of many entities commits once. Each entity may appear once; the transitions come
   * back per write, in order.
   */
  replaceManyStatuses(
    writes: readonly StatusesToReplace[],
  ): Promise<DriftStatusTransition[][]>;

  /** Every verdict of an entity, by cluster, namespace and name; without the manifests. */
  listEntityPolicies(entityRef: string): Promise<PolicyDriftRecord[]>;

  /** One verdict with both manifests. */
  getPolicy(key: PolicyDriftKey): Promise<PolicyDriftDetails | undefined>;

  /** Status changes, newest first. */
  listHistory(options: ListHistoryOptions): Promise<DriftStatusTransition[]>;

  /**
   * Every status change before `to` (of one cluster, when given), oldest first: the
   * compliance report replays them. History retention bounds how far back they go.
   */
  listTransitionsBefore(options: {
    to: Date;
    cluster?: string;
  }): Promise<DriftStatusTransition[]>;

  /**
   * Deletes the status changes that occurred before `cutoff` (history retention), a
   * batch at a time so no single statement holds the table long; current statuses are
   * kept. Returns how many were deleted.
   */
  deleteHistoryBefore(cutoff: Date): Promise<number>;

  /** Filtered, ordered and paged on the server, for the fleet page. */
  listPolicies(options: ListPoliciesOptions): Promise<{
    items: PolicyDriftRecord[];
    totalCount: number;
  }>;

  /** How many verdicts have each status, for a cluster, an entity, or the fleet. */
  countByStatus(options?: {
    cluster?: string;
    entityRef?: string;
    entityRefs?: readonly string[];
  }): Promise<DriftStatusCounts>;

  /**
   * Records that the entity's policy source could not be read, and why; its verdicts
   * are left as they are. A later record replaces this one.
   */
  recordSourceError(entityRef: string, error: PolicySourceError): Promise<void>;

  /** Forgets the source errors of these entities, whose sources were read again. */
  clearSourceErrors(entityRefs: readonly string[]): Promise<void>;

  /** Why the entity's policy source could not be read, while it cannot. */
  getSourceError(entityRef: string): Promise<PolicySourceError | undefined>;

  /** Every entity with stored verdicts. */
  listEntityRefs(): Promise<string[]>;

  /** The same counts per cluster, ordered by cluster. */
  countByCluster(options?: {
    entityRef?: string;
    entityRefs?: readonly string[];
  }): Promise<ClusterStatusCounts[]>;

  /**
   * The sealed manifests of an entity's verdicts, by cluster, namespace and name: only
   * policies held in its policy source, not the live-only ones (`unsealed`, no manifest).
   */
  listSealedManifests(entityRef: string): Promise<SealedManifestOfCluster[]>;
}
