import { ClusterDetails } from './ClusterDetails';

/**
 * Supplies the clusters Netseal watches.
 *
 * @public
 */
export interface NetsealClusterSupplier {
  /** The clusters, each with a unique name. */
  getClusters(): Promise<ClusterDetails[]>;
}

/**
 * Builds a cluster supplier from the one it replaces, so it can wrap it: add clusters,
 * filter them, or fetch their credentials from a secret store.
 *
 * @public
 */
export type NetsealClusterSupplierFactory = (options: {
  /**
   * The supplier this one replaces: the built-in one (from `netseal.clusters`, or the
   * Kubernetes plugin's `kubernetes.clusterLocatorMethods`), or the result of the
   * registration before this one.
   */
  getDefault: () => Promise<NetsealClusterSupplier>;
}) => NetsealClusterSupplier | Promise<NetsealClusterSupplier>;
