import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { NetsealDatabase } from './NetsealDatabase';
import type { NewRestore } from './RestoreStore';

jest.setTimeout(60_000);

const at = new Date('2026-12-07T09:00:00Z');
const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000);

function restoreOf(id: string, overrides: Partial<NewRestore> = {}) {
  return {
    id,
    entityRef: 'component:default/payments',
    cluster: 'prod-eu',
    namespace: 'shop',
    name: 'allow-checkout',
    driftStatus: 'drifted' as const,
    seal: 'sha256:sealed',
    liveDigest: 'sha256:live',
    requestedBy: 'user:default/riley',
    selfHeal: false,
    ...overrides,
  };
}

const rollout = {
  startedBy: 'user:default/riley',
  approvedBy: [],
  changes: [
    {
      op: 'replace' as const,
      cluster: 'prod-eu',
      namespace: 'shop',
      name: 'allow-checkout',
    },
  ],
  clusters: [
    {
      cluster: 'prod-eu',
      identity: 'netseal-rollout',
      steps: ['create guard', 'delete', 'create', 'verify', 'delete guard'],
    },
  ],
};

describe('DatabaseRestoreStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let database: NetsealDatabase;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      database = await NetsealDatabase.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
    });

    beforeEach(async () => {
      await knex('netseal_rollouts').delete();
      await knex('netseal_restores').delete();
    });

    it('stores a restore with a queued rollout of kind restore that holds its policy', async () => {
      const { restoreStore, rolloutStore } = database;
      const result = await restoreStore.create(restoreOf('x1'), rollout, at);
      expect(result).toEqual({
        created: { ...restoreOf('x1'), createdAt: at },
      });
      expect(await rolloutStore.get('x1')).toEqual(
        expect.objectContaining({
          requestId: 'x1',
          kind: 'restore',
          status: 'queued',
          clusters: [
            expect.objectContaining({
              cluster: 'prod-eu',
              identity: 'netseal-rollout',
              steps: expect.arrayContaining([
                expect.objectContaining({ description: 'verify' }),
              ]),
            }),
          ],
        }),
      );
      expect(await rolloutStore.listUnfinished('restore')).toEqual(['x1']);
      expect(
        (await restoreStore.listUnfinished()).map(restore => restore.id),
      ).toEqual(['x1']);
      expect(await rolloutStore.listUnfinished()).toEqual([]);
      // A request's rollout of the same policy waits for the restore.
      await rolloutStore.begin(
        { ...rollout, requestId: 'r1', approvedBy: ['user:default/ana'] },
        at,
      );
      expect(
        await rolloutStore.acquireLocks(
          'r1',
          [{ cluster: 'prod-eu', namespace: 'shop', name: 'allow-checkout' }],
          at,
        ),
      ).toEqual({
        heldBy: expect.objectContaining({ requestId: 'x1' }),
      });
    });

    it('stores nothing when a rollout or another restore holds the policy, and names the holder', async () => {
      const { restoreStore, rolloutStore } = database;
      await rolloutStore.begin({ ...rollout, requestId: 'r1' }, at);
      await rolloutStore.acquireLocks(
        'r1',
        [{ cluster: 'prod-eu', namespace: 'shop', name: 'allow-checkout' }],
        at,
      );

      expect(await restoreStore.create(restoreOf('x1'), rollout, at)).toEqual({
        heldBy: {
          cluster: 'prod-eu',
          namespace: 'shop',
          name: 'allow-checkout',
          requestId: 'r1',
        },
      });
      expect(await restoreStore.get('x1')).toBeUndefined();
      expect(await rolloutStore.get('x1')).toBeUndefined();

      await rolloutStore.releaseLocks('r1');
      await restoreStore.create(restoreOf('x1'), rollout, at);
      await rolloutStore.setStatus('x1', { status: 'completed', endedAt: at });
      expect(await restoreStore.listUnfinished()).toEqual([]);
      expect(await restoreStore.create(restoreOf('x2'), rollout, at)).toEqual({
        heldBy: expect.objectContaining({ requestId: 'x1' }),
      });
      expect(await restoreStore.get('x2')).toBeUndefined();
    });

    it("lists a policy's restores newest first, and lists self-heals by policy and by cluster", async () => {
      const { restoreStore, rolloutStore } = database;
      const create = async (
        id: string,
        minutes: number,
        overrides: Partial<NewRestore> = {},
      ) => {
        await restoreStore.create(
          restoreOf(id, overrides),
          rollout,
          later(minutes),
        );
        // Each ends before the next begins, as its lock says it must.
        await rolloutStore.releaseLocks(id);
      };
      await create('x1', 0, { selfHeal: true, requestedBy: 'system' });
      await create('x2', 10, { selfHeal: true, requestedBy: 'system' });
      await create('x3', 20);
      await create('x4', 30, {
        name: 'default-deny',
        selfHeal: true,
        requestedBy: 'system',
      });

      const policy = {
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
      };
      expect(
        (await restoreStore.listOfPolicy(policy, { limit: 2 })).map(r => r.id),
      ).toEqual(['x3', 'x2']);
      expect(
        await restoreStore.listOfPolicy(
          { ...policy, entityRef: 'component:default/checkout' },
          { limit: 10 },
        ),
      ).toEqual([]);
      expect(await restoreStore.selfHealsOfPolicy(policy, later(5))).toEqual([
        later(10),
      ]);
      expect(await restoreStore.selfHealsOfPolicy(policy, at)).toEqual([
        later(10),
        at,
      ]);
      expect(await restoreStore.selfHealsOfCluster('prod-eu', at)).toEqual([
        later(30),
        later(10),
        at,
      ]);
      expect(
        await restoreStore.selfHealsOfCluster('prod-eu', later(15)),
      ).toEqual([later(30)]);
      expect(await restoreStore.selfHealsOfCluster('prod-us', at)).toEqual([]);
    });
  });
});
