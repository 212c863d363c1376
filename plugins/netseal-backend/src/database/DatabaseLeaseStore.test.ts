import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import type { DatabaseLeaseStore } from './DatabaseLeaseStore';
import { NetsealDatabase } from './NetsealDatabase';

jest.setTimeout(60_000);

const at = new Date('2026-12-06T09:00:00Z');
const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);

describe('DatabaseLeaseStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let store: DatabaseLeaseStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      store = (
        await NetsealDatabase.create({
          database: mockServices.database({
            knex,
            migrations: { skip: false },
          }),
        })
      ).leaseStore;
    });

    afterEach(async () => {
      await knex('netseal_leases').delete();
    });

    it('gives a lease to one owner until it lapses, then to another, who holds it from then', async () => {
      expect(await store.claim('cluster:prod-eu', 'a', later(20), at)).toBe(
        true,
      );
      expect(
        await store.claim('cluster:prod-eu', 'b', later(30), later(10)),
      ).toBe(false);
      expect(
        await store.claim('cluster:prod-eu', 'b', later(50), later(21)),
      ).toBe(true);

      expect(await store.list()).toEqual([
        {
          name: 'cluster:prod-eu',
          owner: 'b',
          heldUntil: later(50),
          acquiredAt: later(21),
        },
      ]);
    });

    it('lets only one of two owners racing for a free lease take it', async () => {
      const results = await Promise.all(
        ['a', 'b', 'c'].map(owner =>
          store.claim('cluster:prod-us', owner, later(20), at),
        ),
      );

      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('renews the leases its owner still holds and names them, keeping when each was taken', async () => {
      await store.claim('cluster:a', 'replica-1', later(20), at);
      await store.claim('cluster:b', 'replica-1', later(20), at);
      // Taken over once lapsed.
      await store.claim('cluster:b', 'replica-2', later(45), later(25));

      const held = await store.renew(
        ['cluster:a', 'cluster:b', 'cluster:never'],
        'replica-1',
        later(60),
      );

      expect(held).toEqual(['cluster:a']);
      expect(await store.list()).toEqual([
        expect.objectContaining({
          name: 'cluster:a',
          owner: 'replica-1',
          heldUntil: later(60),
          acquiredAt: at,
        }),
        expect.objectContaining({
          name: 'cluster:b',
          owner: 'replica-2',
          heldUntil: later(45),
        }),
      ]);
    });

    it('keeps what the owner reports, drops it when another owner takes over, and ignores reports of others', async () => {
      await store.claim('cluster:a', 'replica-1', later(20), at);
      await store.report('cluster:a', 'replica-1', {
        state: 'connected',
        policyCount: 3,
      });
      await store.report('cluster:a', 'replica-2', { state: 'unreachable' });
      await store.claim('cluster:a', 'replica-1', later(40), later(15));

      expect((await store.list())[0].report).toEqual({
        state: 'connected',
        policyCount: 3,
      });

      await store.claim('cluster:a', 'replica-2', later(80), later(41));
      expect((await store.list())[0].report).toBeUndefined();
    });

    it('frees released leases at once, for any owner, and only its own', async () => {
      await store.claim('cluster:a', 'replica-1', later(20), at);
      await store.claim('cluster:b', 'replica-2', later(20), at);

      await store.release(['cluster:a', 'cluster:b'], 'replica-1');

      expect(await store.claim('cluster:a', 'replica-3', later(30), at)).toBe(
        true,
      );
      expect(await store.claim('cluster:b', 'replica-3', later(30), at)).toBe(
        false,
      );
    });

    it('refuses a name longer than its column, naming the limit', async () => {
      await expect(
        store.claim('x'.repeat(301), 'replica-1', later(20), at),
      ).rejects.toThrow(/at most 300 characters/);
      expect(await store.list()).toEqual([]);
    });
  });
});
