export { DatabaseDriftStore } from './DatabaseDriftStore';
export type {
  ClusterStatusCounts,
  DriftStore,
  ListHistoryOptions,
  ListPoliciesOptions,
  PolicyDriftKey,
  PolicyDriftOrder,
  PolicyDriftToStore,
  SealedManifestOfCluster,
} from './DriftStore';
export { applyDatabaseMigrations } from './applyDatabaseMigrations';
