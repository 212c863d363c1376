import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { useDriftStore } from './__testUtils__/useDriftStore';
import { at, CHECKOUT, PAYMENTS, verdict } from './__fixtures__/verdicts';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const UNREACHABLE =
  'https://git.example.com/policies/tree/main/payments: 503 Service Unavailable';

describe.each(databases.eachSupportedId())(
  'DatabaseDriftStore policy source errors (%s)',
  (databaseId: TestDatabaseId) => {
    const db = useDriftStore(databases, databaseId);

    it('keeps why a source could not be read and when, beside the verdicts it leaves as they were', async () => {
      await db.store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [verdict('allow-checkout')],
        checkedAt: at(0),
      });

      await db.store.recordSourceError(PAYMENTS, {
        message: UNREACHABLE,
        checkedAt: at(5),
      });

      expect(await db.store.getSourceError(PAYMENTS)).toEqual({
        message: UNREACHABLE,
        checkedAt: at(5),
      });
      expect(await db.store.listEntityPolicies(PAYMENTS)).toEqual([
        expect.objectContaining({ name: 'allow-checkout', status: 'in-sync' }),
      ]);
      expect(await db.store.getSourceError(CHECKOUT)).toBeUndefined();
    });

    it('records an error for an entity that has no verdicts yet, and replaces it with a later one', async () => {
      await db.store.recordSourceError(PAYMENTS, {
        message: 'first',
        checkedAt: at(1),
      });
      await db.store.recordSourceError(PAYMENTS, {
        message: 'second',
        checkedAt: at(2),
      });

      expect(await db.store.getSourceError(PAYMENTS)).toEqual({
        message: 'second',
        checkedAt: at(2),
      });
    });

    it('clears the errors of the entities read again, and only theirs', async () => {
      await db.store.recordSourceError(PAYMENTS, {
        message: UNREACHABLE,
        checkedAt: at(1),
      });
      await db.store.recordSourceError(CHECKOUT, {
        message: UNREACHABLE,
        checkedAt: at(1),
      });
      const many = Array.from(
        { length: 1200 },
        (_, i) => `component:default/s-${i}`,
      );

      await db.store.clearSourceErrors([...many, PAYMENTS]);

      expect(await db.store.getSourceError(PAYMENTS)).toBeUndefined();
      expect(await db.store.getSourceError(CHECKOUT)).toEqual(
        expect.objectContaining({ message: UNREACHABLE }),
      );
    });

    it('cuts a very long message to its first 2,000 characters', async () => {
      await db.store.recordSourceError(PAYMENTS, {
        message: `x${'y'.repeat(5000)}`,
        checkedAt: at(1),
      });

      const error = await db.store.getSourceError(PAYMENTS);
      expect(error?.message).toHaveLength(2000);
      expect(error?.message.startsWith('xy')).toBe(true);
    });
  },
);
