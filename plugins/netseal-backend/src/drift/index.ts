export { LiveViewIndex } from './LiveViewIndex';
export type { IndexedLivePolicy } from './LiveViewIndex';
export { buildClusterDriftInput } from './buildClusterDriftInput';
export type { ClusterDriftInputWithLive } from './buildClusterDriftInput';
export { PolicySourceDirectory } from './PolicySourceDirectory';
