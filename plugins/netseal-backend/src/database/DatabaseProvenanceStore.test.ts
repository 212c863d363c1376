import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { PolicyProvenance } from '@netseal/backstage-plugin-netseal-common';
import { NetsealDatabase } from './NetsealDatabase';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

async function createStore(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const database = mockServices.database({ knex, migrations: { skip: false } });
  return (await NetsealDatabase.create({ database })).provenanceStore;
}

const rolledOut: PolicyProvenance = {
  cluster: 'prod-eu',
  namespace: 'shop',
  name: 'allow-checkout',
  entityRef: 'component:default/payments',
  seal: `sha256:${'a'.repeat(64)}`,
  kind: 'request',
  id: 'req-1',
  changeUrl: 'https://github.com/acme/policies/pull/7',
  requestedBy: 'user:default/mo',
  approvers: ['user:default/ana', 'user:default/bo'],
  mergedBy: 'user:default/ana',
  mergeCommit: 'c'.repeat(40),
  identity: 'netseal-rollout',
  startedBy: 'user:default/mo',
  completedAt: '2026-12-08T09:00:00.000Z',
};

describe.each(databases.eachSupportedId())(
  'DatabaseProvenanceStore (%s)',
  databaseId => {
    it('keeps one record per policy: a later restore replaces the rollout’s, a removal deletes it', async () => {
      const store = await createStore(databaseId);
      const key = {
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
      };

      await store.record([rolledOut], []);
      expect(await store.get(key)).toEqual(rolledOut);

      const restored: PolicyProvenance = {
        ...key,
        entityRef: rolledOut.entityRef,
        seal: rolledOut.seal,
        kind: 'restore',
        id: 'restore-1',
        requestedBy: 'system',
        approvers: [],
        identity: 'netseal-rollout',
        startedBy: 'system',
        completedAt: '2026-12-09T09:00:00.000Z',
      };
      await store.record([restored], []);
      expect(await store.get(key)).toEqual(restored);
      expect(await store.list({ cluster: 'prod-eu' })).toEqual([restored]);

      await store.record([], [key]);
      expect(await store.get(key)).toBeUndefined();
      expect(await store.list()).toEqual([]);
    });
  },
);
