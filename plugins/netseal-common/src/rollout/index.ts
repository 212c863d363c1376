export * from './planRollout';
export * from './describeRolloutPlan';
