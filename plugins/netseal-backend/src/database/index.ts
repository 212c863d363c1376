export { NetsealDatabase } from './NetsealDatabase';
export { DatabaseDriftStore } from './DatabaseDriftStore';
export { DatabaseRequestStore } from './DatabaseRequestStore';
export { DatabaseRolloutStore } from './DatabaseRolloutStore';
export { DatabaseRestoreStore } from './DatabaseRestoreStore';
export { DatabaseAttestationStore } from './DatabaseAttestationStore';
export type { AttestationRecord, AttestationStore } from './AttestationStore';
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
