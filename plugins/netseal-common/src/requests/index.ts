export * from './RequestChange';
export * from './limits';
export { validateRequestChanges } from './validateRequestChanges';
export { policySelectsService } from './policySelectsService';
