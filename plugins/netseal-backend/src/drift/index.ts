export { LiveViewIndex } from './LiveViewIndex';
export { buildClusterDriftInput } from './buildClusterDriftInput';
export { PolicySourceDirectory } from './PolicySourceDirectory';
