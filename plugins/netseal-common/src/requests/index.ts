export * from './RequestChange';
export * from './limits';
export { validateRequestChanges } from './validateRequestChanges';
export * from './editManifestFile';
export { policySelectsService } from './policySelectsService';
export { podsLeftNonIsolated } from './podsLeftNonIsolated';
export type { NonIsolatedPods } from './podsLeftNonIsolated';
