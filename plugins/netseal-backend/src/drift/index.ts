export { LiveClusterState } from './LiveClusterState';
export { buildClusterDriftInput } from './buildClusterDriftInput';
export { PolicySourceDirectory } from './PolicySourceDirectory';
