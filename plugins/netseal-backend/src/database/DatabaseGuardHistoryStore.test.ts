import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { NetsealDatabase } from './NetsealDatabase';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

async function createStore(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const database = mockServices.database({ knex, migrations: { skip: false } });
  return (await NetsealDatabase.create({ database })).guardHistoryStore;
}

const at = (hour: number) => new Date(Date.UTC(2026, 11, 1, hour));

describe.each(databases.eachSupportedId())(
  'DatabaseGuardHistoryStore (%s)',
  databaseId => {
    it('records a status once until it changes, and gives a window with the status it starts with', async () => {
      const store = await createStore(databaseId);
      await store.record({
        cluster: 'prod-eu',
        status: 'protected',
        observedAt: at(8),
      });
      // A second replica reading the same guard records nothing new.
      await store.record({
        cluster: 'prod-eu',
        status: 'protected',
        observedAt: at(9),
      });
      await store.record({
        cluster: 'prod-eu',
        status: 'unprotected',
        reason: 'the guard policy is not installed',
        observedAt: at(11),
      });
      await store.record({
        cluster: 'prod-us',
        status: 'unknown',
        observedAt: at(7),
      });

      expect(
        await store.listForWindow({
          from: at(10),
          to: at(15),
          cluster: 'prod-eu',
        }),
      ).toEqual([
        { cluster: 'prod-eu', status: 'protected', observedAt: at(8) },
        {
          cluster: 'prod-eu',
          status: 'unprotected',
          reason: 'the guard policy is not installed',
          observedAt: at(11),
        },
      ]);
      expect(
        (await store.listForWindow({ from: at(10), to: at(15) })).map(
          change => change.cluster,
        ),
      ).toEqual(['prod-eu', 'prod-us', 'prod-eu']);
    });
  },
);
