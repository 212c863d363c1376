export { KubernetesLiveView } from './KubernetesLiveView';
export type { KubernetesLiveViewOptions } from './KubernetesLiveView';
export { ClusterSupplierRegistry } from './ClusterSupplierRegistry';
export { ConfigClusterSupplier } from './ConfigClusterSupplier';
export { createKubeConfig } from './createKubeConfig';
export type { LiveViewTiming } from './KindInformer';
export { LIVE_KINDS } from './LiveView';
export type {
  ClusterConnection,
  ClusterStatus,
  LiveKind,
  LiveNamespace,
  LiveObjectChange,
  LivePod,
  LivePolicy,
  LiveView,
  LiveViewEvent,
} from './LiveView';
export { readClusterConfigs } from './readClusterConfigs';
export type { ReadClusterConfigsOptions } from './readClusterConfigs';
