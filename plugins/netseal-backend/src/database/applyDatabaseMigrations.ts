import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/** The knex migrations shipped with this package (plain JS, see `files` in package.json). */
export const migrationsDirectory = resolvePackagePath(
  '@netseal/backstage-plugin-netseal-backend',
  'migrations',
);

/** Its own table, so the history of Netseal's schema never mixes with another plugin's. */
export const MIGRATIONS_TABLE = 'netseal_knex_migrations';

/** Brings the database to the latest schema; callers honour `database.migrations.skip`. */
export async function applyDatabaseMigrations(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: migrationsDirectory,
    tableName: MIGRATIONS_TABLE,
  });
}
