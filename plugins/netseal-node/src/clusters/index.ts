export type { ClusterAuth, ClusterDetails } from './ClusterDetails';
export type {
  NetsealClusterSupplier,
  NetsealClusterSupplierFactory,
} from './NetsealClusterSupplier';
export { netsealClusterSupplierExtensionPoint } from './netsealClusterSupplierExtensionPoint';
export type { NetsealClusterSupplierExtensionPoint } from './netsealClusterSupplierExtensionPoint';
