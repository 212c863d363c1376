import { TestDatabases } from '@backstage/backend-test-utils';
import {
  MIGRATIONS_TABLE,
  migrationsDirectory,
} from './applyDatabaseMigrations';

jest.setTimeout(60_000);

const config = { directory: migrationsDirectory, tableName: MIGRATIONS_TABLE };

describe('migration 20261208120000_attestations.js', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'keeps one attestation per rollout, and down removes the table, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest(config);
      const row = {
        id: 'req-1',
        kind: 'request',
        entity_ref: 'component:default/payments',
        key_id: `sha256:${'0'.repeat(64)}`,
        envelope: '{"payloadType":"application/vnd.in-toto+json"}',
        created_at: new Date('2026-12-08T09:00:00Z'),
      };
      await knex('netseal_attestations').insert(row);
      await expect(knex('netseal_attestations').insert(row)).rejects.toThrow();

      // Named: later migrations (the replicas' leases) come after it.
      await knex.migrate.down({
        ...config,
        name: '20261208120000_attestations.js',
      });

      expect(await knex.schema.hasTable('netseal_attestations')).toBe(false);
      expect(await knex.schema.hasTable('netseal_restores')).toBe(true);
    },
  );
});
