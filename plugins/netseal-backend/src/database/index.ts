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
  SealedManifestOfCluster,
} from './DriftStore';
export { applyDatabaseMigrations } from './applyDatabaseMigrations';
