export { ReachabilityPicture } from './ReachabilityPicture';
export { EntityReachability } from './EntityReachability';
