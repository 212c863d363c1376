export { DatabaseDriftStore } from './DatabaseDriftStore';
export type {
  ClusterStatusCounts,
  DriftStore,
  ListHistoryOptions,
  ListPoliciesOptions,
  PolicyDriftKey,
  PolicyDriftOrder,
  PolicyDriftToStore,
  PolicySourceError,
} from './DriftStore';
export { applyDatabaseMigrations } from './applyDatabaseMigrations';
