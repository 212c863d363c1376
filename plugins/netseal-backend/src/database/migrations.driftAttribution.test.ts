import { TestDatabases } from '@backstage/backend-test-utils';
import {
  MIGRATIONS_TABLE,
  migrationsDirectory,
} from './applyDatabaseMigrations';

jest.setTimeout(60_000);

const config = { directory: migrationsDirectory, tableName: MIGRATIONS_TABLE };
const TABLES = ['netseal_policy_drift', 'netseal_drift_transitions'];

describe('migration 20261210000000_drift_attribution.js', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'keeps rows stored before it, without attribution, and down removes the columns, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({ ...config, name: '20261126000000_init.js' });
      await knex('netseal_drift_transitions').insert({
        entity_ref: 'component:default/payments',
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
        to_status: 'drifted',
        occurred_at: new Date('2026-12-01T09:00:00Z'),
      });
      await knex.migrate.latest(config);

      expect(await knex('netseal_drift_transitions')).toEqual([
        expect.objectContaining({
          name: 'allow-checkout',
          attributed_writer: null,
          attributed_manager: null,
          attribution_reason: null,
        }),
      ]);

      await knex.migrate.down({
        ...config,
        name: '20261210000000_drift_attribution.js',
      });
      for (const table of TABLES) {
        expect(await knex.schema.hasColumn(table, 'attributed_manager')).toBe(
          false,
        );
        expect(await knex.schema.hasColumn(table, 'reason')).toBe(true);
      }
    },
  );
});
