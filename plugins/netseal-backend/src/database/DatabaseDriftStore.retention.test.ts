import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { useDriftStore } from './__testUtils__/useDriftStore';
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
    const db = useDriftStore(databases, databaseId);

    it('deletes the status changes older than the cutoff, keeping newer ones and every current status', async () => {
      await db.store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [verdict('allow-checkout')],
        checkedAt: day(0),
      });
      await db.store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [
          verdict('allow-checkout', { status: 'drifted', liveDigest: SEAL_B }),
        ],
        checkedAt: day(10),
      });
      await db.store.replaceStatuses({
        entityRef: CHECKOUT,
        statuses: [verdict('allow-web')],
        checkedAt: day(12),
      });
      await db.store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [verdict('allow-checkout')],
        checkedAt: day(20),
      });

      expect(await db.store.deleteHistoryBefore(day(15))).toBe(3);

      const history = await db.store.listHistory({ limit: 10 });
      expect(
        history.map(t => [t.entityRef, t.from, t.to, t.occurredAt]),
      ).toEqual([[PAYMENTS, 'drifted', 'in-sync', day(20).toISOString()]]);
      expect(await db.store.listEntityPolicies(PAYMENTS)).toEqual([
        expect.objectContaining({
          name: 'allow-checkout',
          status: 'in-sync',
          statusChangedAt: day(20).toISOString(),
        }),
      ]);
      expect(await db.store.listEntityPolicies(CHECKOUT)).toEqual([
        expect.objectContaining({ name: 'allow-web', status: 'in-sync' }),
      ]);
    });

    it('keeps a change that occurred exactly at the cutoff, and deletes nothing when nothing is older', async () => {
      await db.store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [verdict('allow-checkout')],
        checkedAt: day(5),
      });

      expect(await db.store.deleteHistoryBefore(day(5))).toBe(0);
      expect(await db.store.listHistory({ limit: 10 })).toHaveLength(1);
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
        await db
          .knex('netseal_drift_transitions')
          .insert(rows.slice(i, i + 100));
      }
      await db.store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [verdict('allow-checkout')],
        checkedAt: day(3),
      });

      expect(await db.store.deleteHistoryBefore(day(2))).toBe(2345);
      expect(
        (await db.store.listHistory({ limit: 10 })).map(t => t.name),
      ).toEqual(['allow-checkout']);
    });
  },
);
