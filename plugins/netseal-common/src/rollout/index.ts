export { GUARD_LABEL, planRollout } from './planRollout';
export type {
  ClusterRolloutPlan,
  RolloutChange,
  RolloutStep,
} from './planRollout';
export { planRollback } from './planRollback';
export * from './describeRolloutPlan';
