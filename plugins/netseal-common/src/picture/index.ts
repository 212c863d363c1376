/**
 * The reachability picture: what a policy allows and who may reach a service's pods, in
 * plain language, derived from sealed policies alone. See README.md in this folder.
 */

export type * from './ServiceReachability';
export { describeNetworkPolicy } from './describeNetworkPolicy';
export { describeServiceReachability } from './describeServiceReachability';
export { describeServicePods } from './describeServicePods';
