export { PolicySummary } from './PolicySummary';
export type { PolicyDescriber } from './policyDescriber';
