export { RolloutExecutor } from './RolloutExecutor';
export type {
  ClusterRollout,
  PolicyName,
  RolloutExecutorOptions,
} from './RolloutExecutor';
export { InMemoryRolloutProgress } from '../database/RolloutProgress';
export type {
  RolloutCheckpoint,
  RolloutOutcome,
  RolloutPhase,
  RolloutProgress,
  RolloutProgressEvent,
} from '../database/RolloutProgress';
