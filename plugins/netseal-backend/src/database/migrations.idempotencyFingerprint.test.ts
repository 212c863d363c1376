import { TestDatabases } from '@backstage/backend-test-utils';
import {
  MIGRATIONS_TABLE,
  migrationsDirectory,
} from './applyDatabaseMigrations';

jest.setTimeout(60_000);

const config = { directory: migrationsDirectory, tableName: MIGRATIONS_TABLE };
const MIGRATION = '20261207000200_idempotency_fingerprint.js';

describe('migration 20261207000200_idempotency_fingerprint.js', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'adds the fingerprint of an idempotency key, keeps the requests filed before it, and down removes it, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const at = new Date('2026-12-07T09:00:00Z');
      const row = {
        entity_ref: 'component:default/payments',
        state: 'open',
        reason: 'checkout moved',
        requester: 'user:default/jane',
        changes: '[]',
        created_at: at,
        updated_at: at,
      };
      await knex.migrate.up({ ...config, name: '20261128000000_requests.js' });
      await knex('netseal_requests').insert({
        ...row,
        id: 'before',
        idempotency_key: 'k0',
      });

      await knex.migrate.latest(config);
      await knex('netseal_requests').insert({
        ...row,
        id: 'after',
        idempotency_key: 'k1',
        idempotency_fingerprint: `sha256:${'a'.repeat(64)}`,
      });

      expect(
        await knex('netseal_requests')
          .select('id', 'idempotency_fingerprint')
          .orderBy('id'),
      ).toEqual([
        { id: 'after', idempotency_fingerprint: `sha256:${'a'.repeat(64)}` },
        { id: 'before', idempotency_fingerprint: null },
      ]);

      await knex.migrate.down({ ...config, name: MIGRATION });
      expect(
        await knex.schema.hasColumn(
          'netseal_requests',
          'idempotency_fingerprint',
        ),
      ).toBe(false);
      expect(await knex('netseal_requests').pluck('id')).toHaveLength(2);
    },
  );
});
