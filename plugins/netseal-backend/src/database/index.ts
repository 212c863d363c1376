export { NetsealDatabase } from './NetsealDatabase';
export { DatabaseDriftStore } from './DatabaseDriftStore';
export { DatabaseRequestStore } from './DatabaseRequestStore';
export { DatabaseRolloutStore } from './DatabaseRolloutStore';
export { DatabaseRestoreStore } from './DatabaseRestoreStore';
export { DatabaseLeaseStore } from './DatabaseLeaseStore';
export type { Lease, LeaseStore } from './LeaseStore';
export { DatabaseAttestationStore } from './DatabaseAttestationStore';
export type { AttestationRecord, AttestationStore } from './AttestationStore';
export { DatabaseProvenanceStore } from './DatabaseProvenanceStore';
export type { ProvenanceKey, ProvenanceStore } from './ProvenanceStore';
export { DatabaseGuardHistoryStore } from './DatabaseGuardHistoryStore';
export type { GuardHistoryStore, GuardStatusChange } from './GuardHistoryStore';
export type {
  ClusterStatusCounts,
  DriftScope,
  DriftStore,
  ListHistoryOptions,
  ListPoliciesOptions,
  PolicyDriftKey,
  PolicyDriftOrder,
  PolicyDriftToStore,
  PolicySourceError,
  SealedManifestOfCluster,
  StatusesToReplace,
} from './DriftStore';
export { applyDatabaseMigrations } from './applyDatabaseMigrations';
