import type { PolicyProvenance } from '@netseal/backstage-plugin-netseal-common';

/** One policy in one cluster. */
export interface ProvenanceKey {
  cluster: string;
  namespace: string;
  name: string;
}

/** Where provenance records persist: one per policy per cluster. */
export interface ProvenanceStore {
  /**
   * Records what one completed rollout or restore did, in one transaction: `records`
   * replace those of their policies, and the policies in `removed` lose theirs.
   */
  record(
    records: readonly PolicyProvenance[],
    removed: readonly ProvenanceKey[],
  ): Promise<void>;
  get(key: ProvenanceKey): Promise<PolicyProvenance | undefined>;
  /** Of a cluster, an entity, or everything; by cluster, namespace and name. */
  list(options?: {
    cluster?: string;
    entityRef?: string;
  }): Promise<PolicyProvenance[]>;
}
