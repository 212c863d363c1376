import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import type { DatabaseDriftStore } from './DatabaseDriftStore';
import { NetsealDatabase } from './NetsealDatabase';
import { at, PAYMENTS, SEAL_B, verdict } from './__fixtures__/verdicts';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

async function createStore(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const database = mockServices.database({ knex, migrations: { skip: false } });
  return {
    knex,
    store: (await NetsealDatabase.create({ database })).driftStore,
  };
}

const byKubectlEdit = {
  writer: 'manual' as const,
  manager: 'kubectl-edit',
  operation: 'Update',
  time: '2026-11-26T09:00:30.000Z',
  generation: 2,
};

describe.each(databases.eachSupportedId())(
  'DatabaseDriftStore, attribution of drift (%s)',
  databaseId => {
    let store: DatabaseDriftStore;
    let knex: Knex;

    beforeAll(async () => {
      ({ store, knex } = await createStore(databaseId));
    });

    afterEach(async () => {
      await knex('netseal_policy_drift').delete();
      await knex('netseal_drift_transitions').delete();
      await knex('netseal_drift_entities').delete();
    });

    it('keeps who changed a policy with the transition that took it out of sync and with its verdict', async () => {
      await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [verdict('allow-checkout')],
        checkedAt: at(0),
      });
      const [transition] = await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [
          verdict('allow-checkout', {
            status: 'drifted',
            liveDigest: SEAL_B,
            attribution: byKubectlEdit,
          }),
        ],
        checkedAt: at(1),
      });

      expect(transition).toMatchObject({
        from: 'in-sync',
        to: 'drifted',
        attribution: byKubectlEdit,
      });
      const [latest] = await store.listHistory({ limit: 1 });
      expect(latest.attribution).toEqual(byKubectlEdit);
      expect((await store.listEntityPolicies(PAYMENTS))[0].attribution).toEqual(
        byKubectlEdit,
      );
      expect(
        (
          await store.getPolicy({
            cluster: 'prod-eu',
            namespace: 'payments',
            name: 'allow-checkout',
          })
        )?.attribution,
      ).toEqual(byKubectlEdit);
    });

    it('says an unattributed deletion is unknown, with the reason, and drops the attribution once back in sync', async () => {
      const unknown = {
        writer: 'unknown' as const,
        reason: 'the policy is absent live',
      };
      await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [
          verdict('allow-checkout', {
            status: 'missing',
            liveDigest: undefined,
            attribution: unknown,
          }),
        ],
        checkedAt: at(0),
      });
      expect((await store.listEntityPolicies(PAYMENTS))[0].attribution).toEqual(
        unknown,
      );

      await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [verdict('allow-checkout')],
        checkedAt: at(1),
      });
      expect(
        (await store.listEntityPolicies(PAYMENTS))[0].attribution,
      ).toBeUndefined();
      const history = await store.listHistory({ limit: 10 });
      expect(history.map(t => [t.to, t.attribution])).toEqual([
        ['in-sync', undefined],
        ['missing', unknown],
      ]);
    });
  },
);
