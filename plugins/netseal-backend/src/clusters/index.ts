export { ClusterLiveState } from './ClusterLiveState';
export type { ClusterLiveStateOptions } from './ClusterLiveState';
export { ClusterSupplierRegistry } from './ClusterSupplierRegistry';
export { ConfigClusterSupplier } from './ConfigClusterSupplier';
export { createKubeConfig } from './createKubeConfig';
export type { LiveStateTiming } from './KindInformer';
export { LIVE_KINDS } from './LiveState';
export type {
  ClusterConnection,
  LiveKind,
  LiveNamespace,
  LiveObjectChange,
  LivePod,
  LiveState,
  LiveStateEvent,
} from './LiveState';
export { readClusterConfigs } from './readClusterConfigs';
export type { ReadClusterConfigsOptions } from './readClusterConfigs';
export { readResyncInterval } from './readResyncInterval';
