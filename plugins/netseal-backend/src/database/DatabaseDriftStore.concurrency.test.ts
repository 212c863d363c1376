import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { NetsealDatabase } from './NetsealDatabase';
import { at, PAYMENTS, verdict } from './__fixtures__/verdicts';

jest.setTimeout(60_000);

/*
 * Several backend replicas may check the same entity at once. PostgreSQL runs their
 * transactions side by side; SQLite (the embedded default) has a single writer and
 * never interleaves them, so this is about PostgreSQL only.
 */
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

/** Waits, a bounded number of times, until some session of this database waits for a lock. */
async function untilSomeoneWaitsForALock(knex: Knex): Promise<void> {
  for (let attempt = 0; attempt < 250; attempt++) {
    const [{ waiting }] = await knex
      .select(knex.raw('count(*)::int as waiting'))
      .from('pg_stat_activity')
      .where('datname', knex.raw('current_database()'))
      .andWhere('wait_event_type', 'Lock');
    if (waiting > 0) {
      return;
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  throw new Error('no session started waiting for a lock');
}

// Without PostgreSQL the list is empty and jest would only say ".each called with an
// empty Array"; say instead what is missing and how to get it.
if (databases.eachSupportedId().length === 0) {
  it('needs PostgreSQL 15', () => {
    throw new Error(
      'this test runs on PostgreSQL only: run scripts/test.sh (it starts one), or set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING to a PostgreSQL 15 server',
    );
  });
} else {
  describe.each(databases.eachSupportedId())(
    'DatabaseDriftStore with two writers of one entity (%s)',
    databaseId => {
      it('lets the second writer see the first one’s statuses, so a change is recorded once', async () => {
        const knex = await databases.init(databaseId);
        const store = (
          await NetsealDatabase.create({
            database: mockServices.database({ knex }),
          })
        ).driftStore;
        await store.replaceStatuses({
          entityRef: PAYMENTS,
          statuses: [verdict('allow-checkout')],
          checkedAt: at(0),
        });

        // Another replica, mid-write: it has found the policy missing and not committed yet.
        const otherReplica = await knex.transaction();
        await otherReplica('netseal_drift_entities')
          .where('entity_ref', PAYMENTS)
          .forUpdate()
          .select();
        await otherReplica('netseal_policy_drift')
          .where({ entity_ref: PAYMENTS, name: 'allow-checkout' })
          .update({ status: 'missing', status_rank: 1 });
        await otherReplica('netseal_drift_transitions').insert({
          entity_ref: PAYMENTS,
          cluster: 'prod-eu',
          namespace: 'payments',
          name: 'allow-checkout',
          from_status: 'in-sync',
          to_status: 'missing',
          occurred_at: at(1),
        });

        const writing = store.replaceStatuses({
          entityRef: PAYMENTS,
          statuses: [verdict('allow-checkout', { status: 'missing' })],
          checkedAt: at(1),
        });
        await untilSomeoneWaitsForALock(knex);
        await otherReplica.commit();

        expect(await writing).toEqual([]);
        expect(
          (await store.listHistory({ entityRef: PAYMENTS, limit: 10 })).map(
            t => t.to,
          ),
        ).toEqual(['missing', 'in-sync']);
      });
    },
  );
}
