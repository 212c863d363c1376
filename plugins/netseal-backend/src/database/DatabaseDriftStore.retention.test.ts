import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { DatabaseDriftStore } from './DatabaseDriftStore';
import { CHECKOUT, PAYMENTS, SEAL_B, verdict } from './__fixtures__/verdicts';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** Days after a fixed instant, so tests never read the clock. */
function day(days: number): Date {
  return new Date(Date.UTC(2026, 8, 1, 9) + days * 24 * 60 * 60 * 1000);
}

describe.each(databases.eachSupportedId())(
  'DatabaseDriftStore history retention (%s)',
  (databaseId: TestDatabaseId) => {
    let store: DatabaseDriftStore;
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      store = await DatabaseDriftStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
    });

    afterEach(async () => {
      await knex('netseal_policy_drift').delete();
      await knex('netseal_drift_transitions').delete();
      await knex('netseal_drift_entities').delete();
    });

    it('deletes the status changes older than the cutoff, keeping newer ones and every current status', async () => {
      await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [verdict('allow-checkout')],
        checkedAt: day(0),
      });
      await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [
          verdict('allow-checkout', { status: 'drifted', liveDigest: SEAL_B }),
        ],
        checkedAt: day(10),
      });
      await store.replaceStatuses({
        entityRef: CHECKOUT,
        statuses: [verdict('allow-web')],
        checkedAt: day(12),
      });
      await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [verdict('allow-checkout')],
        checkedAt: day(20),
      });

      expect(await store.deleteHistoryBefore(day(15))).toBe(3);

      const history = await store.listHistory({ limit: 10 });
      expect(
        history.map(t => [t.entityRef, t.from, t.to, t.occurredAt]),
      ).toEqual([[PAYMENTS, 'drifted', 'in-sync', day(20).toISOString()]]);
      expect(await store.listEntityPolicies(PAYMENTS)).toEqual([
        expect.objectContaining({
          name: 'allow-checkout',
          status: 'in-sync',
          statusChangedAt: day(20).toISOString(),
        }),
      ]);
      expect(await store.listEntityPolicies(CHECKOUT)).toEqual([
        expect.objectContaining({ name: 'allow-web', status: 'in-sync' }),
      ]);
    });

    it('keeps a change that occurred exactly at the cutoff, and deletes nothing when nothing is older', async () => {
      await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [verdict('allow-checkout')],
        checkedAt: day(5),
      });

      expect(await store.deleteHistoryBefore(day(5))).toBe(0);
      expect(await store.listHistory({ limit: 10 })).toHaveLength(1);
    });

    it('deletes a history longer than one batch', async () => {
      const rows = Array.from({ length: 2345 }, (_, i) => ({
        entity_ref: PAYMENTS,
        cluster: 'prod-eu',
        namespace: 'payments',
        name: `policy-${i}`,
        to_status: 'in-sync',
        occurred_at: day(1),
      }));
      for (let i = 0; i < rows.length; i += 100) {
        await knex('netseal_drift_transitions').insert(rows.slice(i, i + 100));
      }
      await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [verdict('allow-checkout')],
        checkedAt: day(3),
      });

      expect(await store.deleteHistoryBefore(day(2))).toBe(2345);
      expect((await store.listHistory({ limit: 10 })).map(t => t.name)).toEqual(
        ['allow-checkout'],
      );
    });
  },
);
