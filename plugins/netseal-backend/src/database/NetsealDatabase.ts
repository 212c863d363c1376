import type { DatabaseService } from '@backstage/backend-plugin-api';
import { applyDatabaseMigrations } from './applyDatabaseMigrations';
import { DatabaseAttestationStore } from './DatabaseAttestationStore';
import { DatabaseDriftStore } from './DatabaseDriftStore';
import { DatabaseGuardHistoryStore } from './DatabaseGuardHistoryStore';
import { DatabaseLeaseStore } from './DatabaseLeaseStore';
import { DatabaseProvenanceStore } from './DatabaseProvenanceStore';
import { DatabaseRequestStore } from './DatabaseRequestStore';
import { DatabaseRestoreStore } from './DatabaseRestoreStore';
import { DatabaseRolloutStore } from './DatabaseRolloutStore';

/**
 * The plugin's database, the one door to SQL: it brings the schema up to date once
 * (unless `database.migrations.skip` is set) and hands out the stores of drift verdicts,
 * replacement requests, rollouts, restores, attestations, provenance and the replicas' leases,
 * which share its client.
 */
export class NetsealDatabase {
  static async create(options: {
    database: DatabaseService;
    /** Ids of new requests; random UUIDs by default. */
    newRequestId?: () => string;
  }): Promise<NetsealDatabase> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await applyDatabaseMigrations(client);
    }
    return new NetsealDatabase(
      new DatabaseDriftStore(client),
      new DatabaseRequestStore(client, options.newRequestId),
      new DatabaseRolloutStore(client),
      new DatabaseRestoreStore(client),
      new DatabaseLeaseStore(client),
      new DatabaseAttestationStore(client),
      new DatabaseProvenanceStore(client),
      new DatabaseGuardHistoryStore(client),
    );
  }

  private constructor(
    readonly driftStore: DatabaseDriftStore,
    readonly requestStore: DatabaseRequestStore,
    readonly rolloutStore: DatabaseRolloutStore,
    readonly restoreStore: DatabaseRestoreStore,
    readonly leaseStore: DatabaseLeaseStore,
    readonly attestationStore: DatabaseAttestationStore,
    readonly provenanceStore: DatabaseProvenanceStore,
    readonly guardHistoryStore: DatabaseGuardHistoryStore,
  ) {}
}
