import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import type { DatabaseRolloutStore } from './DatabaseRolloutStore';
import { NetsealDatabase } from './NetsealDatabase';
import type { NewRollout } from './RolloutStore';

jest.setTimeout(60_000);

const at = new Date('2026-12-01T09:00:00Z');
const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);

function rolloutOf(requestId: string, policy = 'allow-checkout'): NewRollout {
  return {
    requestId,
    startedBy: 'user:default/riley',
    mergeCommitSha: 'c0ffee',
    mergedBy: 'user:default/riley',
    approvedBy: ['user:default/ana'],
    changes: [
      { op: 'remove', cluster: 'prod-eu', namespace: 'shop', name: policy },
    ],
    clusters: [
      {
        cluster: 'prod-eu',
        identity: 'kubeconfig user netseal-rollout',
        steps: ['create guard', 'delete old', 'delete guard'],
      },
    ],
  };
}

describe('DatabaseRolloutStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let store: DatabaseRolloutStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      store = (
        await NetsealDatabase.create({
          database: mockServices.database({
            knex,
            migrations: { skip: false },
          }),
        })
      ).rolloutStore;
    });

    beforeEach(async () => {
      // Rollouts keep no foreign key to their request (a restore's has none).
      await knex('netseal_rollouts').delete();
      await knex('netseal_requests').delete();
      for (const id of ['r1', 'r2']) {
        await knex('netseal_requests').insert({
          id,
          entity_ref: 'component:default/payments',
          state: 'merged',
          reason: 'checkout moved',
          requester: 'user:default/jane',
          changes: '[]',
          created_at: at,
          updated_at: at,
        });
      }
    });

    it('stores a new rollout queued with its steps pending, and returns the first one when begun twice', async () => {
      const first = await store.begin(rolloutOf('r1'), at);
      expect(first).toEqual(
        expect.objectContaining({
          requestId: 'r1',
          status: 'queued',
          startedAt: at,
          approvedBy: ['user:default/ana'],
          mergeCommitSha: 'c0ffee',
          changes: rolloutOf('r1').changes,
        }),
      );
      expect(first.clusters).toEqual([
        {
          cluster: 'prod-eu',
          identity: 'kubeconfig user netseal-rollout',
          status: 'pending',
          steps: ['create guard', 'delete old', 'delete guard'].map(
            (description, index) => ({
              phase: 'rollout',
              index,
              description,
              status: 'pending',
            }),
          ),
        },
      ]);
      const again = await store.begin(
        { ...rolloutOf('r1'), startedBy: 'user:default/someone-else' },
        later(5),
      );
      expect(again.startedBy).toBe('user:default/riley');
      expect(again.startedAt).toEqual(at);
    });

    it('keeps the checkpoint of every step, so a new progress resumes after the last finished one', async () => {
      await store.begin(rolloutOf('r1'), at);
      const options = { describeRollback: () => [], now: () => later(1) };
      const progress = store.progress('r1', 'prod-eu', options);
      expect(await progress.resumeFrom()).toEqual({
        phase: 'rollout',
        step: 0,
      });
      await progress.started('rollout', 0);
      await progress.finished('rollout', 0);
      await progress.started('rollout', 1);

      const resumed = store.progress('r1', 'prod-eu', options);
      expect(await resumed.resumeFrom()).toEqual({ phase: 'rollout', step: 1 });
      const record = await store.get('r1');
      expect(record!.clusters[0].status).toBe('running');
      expect(record!.clusters[0].steps.map(step => step.status)).toEqual([
        'done',
        'running',
        'pending',
      ]);
      expect(record!.clusters[0].steps[0]).toEqual(
        expect.objectContaining({ startedAt: later(1), finishedAt: later(1) }),
      );
    });

    it('records a failed step, then the rollback steps it plans, and how the cluster ended', async () => {
      await store.begin(rolloutOf('r1'), at);
      const progress = store.progress('r1', 'prod-eu', {
        describeRollback: (reason, notCreated) => [
          `re-create old (${reason}, ${notCreated.length} left alone)`,
          'delete guard',
        ],
        now: () => later(2),
      });
      await progress.started('rollout', 0);
      await progress.failed('rollout', 0, 'API server answered 500');
      await progress.rollbackStarted('step 1 failed', [
        { namespace: 'shop', name: 'allow-checkout' },
      ]);
      expect(await progress.resumeFrom()).toEqual({
        phase: 'rollback',
        step: 0,
        reason: 'step 1 failed',
        notCreated: [{ namespace: 'shop', name: 'allow-checkout' }],
      });
      await progress.started('rollback', 0);
      await progress.finished('rollback', 0);
      await progress.ended({ status: 'rolled-back', reason: 'step 1 failed' });

      const [cluster] = (await store.get('r1'))!.clusters;
      expect(cluster.status).toBe('rolled-back');
      expect(cluster.reason).toBe('step 1 failed');
      expect(
        cluster.steps.map(step => [step.phase, step.description, step.status]),
      ).toEqual([
        ['rollout', 'create guard', 'failed'],
        ['rollout', 'delete old', 'pending'],
        ['rollout', 'delete guard', 'pending'],
        ['rollback', 're-create old (step 1 failed, 1 left alone)', 'done'],
        ['rollback', 'delete guard', 'pending'],
      ]);
      expect(cluster.steps[0].error).toBe('API server answered 500');
      expect((await progress.resumeFrom()).outcome).toEqual({
        status: 'rolled-back',
        reason: 'step 1 failed',
      });
    });

    it('locks policies for one rollout at a time, all or none, until released', async () => {
      await store.begin(rolloutOf('r1'), at);
      await store.begin(rolloutOf('r2'), at);
      const checkout = {
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
      };
      const search = { ...checkout, name: 'allow-search' };

      expect(await store.acquireLocks('r1', [checkout], at)).toEqual({
        acquired: true,
      });
      // Again by its holder: still held, nothing doubled.
      expect(await store.acquireLocks('r1', [checkout], at)).toEqual({
        acquired: true,
      });
      expect(await store.acquireLocks('r2', [search, checkout], at)).toEqual({
        heldBy: { ...checkout, requestId: 'r1' },
      });
      // All or none: r2 did not keep allow-search.
      expect(await store.acquireLocks('r1', [search], at)).toEqual({
        acquired: true,
      });

      await store.releaseLocks('r1');
      expect(await store.acquireLocks('r2', [search, checkout], at)).toEqual({
        acquired: true,
      });
    });

    it('lets one owner hold a lease until it lapses, then another take it over', async () => {
      await store.begin(rolloutOf('r1'), at);
      expect(await store.claimLease('r1', 'replica-a', later(60), at)).toBe(
        true,
      );
      expect(
        await store.claimLease('r1', 'replica-b', later(90), later(30)),
      ).toBe(false);
      // Its holder renews it.
      expect(
        await store.claimLease('r1', 'replica-a', later(120), later(30)),
      ).toBe(true);
      expect(
        await store.claimLease('r1', 'replica-b', later(200), later(121)),
      ).toBe(true);
      await store.releaseLease('r1', 'replica-a');
      expect(
        await store.claimLease('r1', 'replica-a', later(300), later(122)),
      ).toBe(false);
      await store.releaseLease('r1', 'replica-b');
      expect(
        await store.claimLease('r1', 'replica-a', later(300), later(122)),
      ).toBe(true);
    });

    it('lists the rollouts not ended, oldest first', async () => {
      await store.begin(rolloutOf('r2'), later(10));
      await store.begin(rolloutOf('r1'), at);
      expect(await store.listUnfinished()).toEqual(['r1', 'r2']);
      await store.setStatus('r1', { status: 'completed', endedAt: later(20) });
      expect(await store.listUnfinished()).toEqual(['r2']);
      expect((await store.get('r1'))!.endedAt).toEqual(later(20));
    });
  });
});
