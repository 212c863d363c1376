import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { DatabaseDriftStore } from '../DatabaseDriftStore';

/**
 * A migrated drift store on one of the test databases for a `describe` block, emptied
 * after each test. Read `store` and `knex` inside tests, once `beforeAll` has run.
 */
export function useDriftStore(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
): { readonly store: DatabaseDriftStore; readonly knex: Knex } {
  let store: DatabaseDriftStore | undefined;
  let knex: Knex | undefined;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    store = await DatabaseDriftStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
  });

  afterEach(async () => {
    await knex!('netseal_policy_drift').delete();
    await knex!('netseal_drift_transitions').delete();
    await knex!('netseal_drift_entities').delete();
  });

  return {
    get store() {
      return store!;
    },
    get knex() {
      return knex!;
    },
  };
}
