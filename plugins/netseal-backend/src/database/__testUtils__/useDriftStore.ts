import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import type { DatabaseDriftStore } from '../DatabaseDriftStore';
import { NetsealDatabase } from '../NetsealDatabase';

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
    store = (
      await NetsealDatabase.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      })
    ).driftStore;
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
