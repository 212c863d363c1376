import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { PolicyDriftRecord } from '@netseal/backstage-plugin-netseal-common';
import type { DatabaseDriftStore } from './DatabaseDriftStore';
import { NetsealDatabase } from './NetsealDatabase';
import type { ListPoliciesOptions } from './DriftStore';
import { at, CHECKOUT, PAYMENTS, verdict } from './__fixtures__/verdicts';

jest.setTimeout(60_000);

const LEDGER = 'component:default/ledger';
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** A small fleet: three services, three clusters, every status. */
async function seedFleet(store: DatabaseDriftStore) {
  await store.replaceStatuses({
    entityRef: PAYMENTS,
    cluster: 'prod-eu',
    statuses: [
      verdict('allow-checkout'),
      verdict('deny-all', { status: 'drifted' }),
      verdict('hotfix-allow-all', { status: 'unsealed', source: undefined }),
    ],
    checkedAt: at(3),
  });
  await store.replaceStatuses({
    entityRef: PAYMENTS,
    cluster: 'prod-us',
    statuses: [
      verdict('allow-checkout', { cluster: 'prod-us', status: 'unknown' }),
      verdict('deny-all', { cluster: 'prod-us', status: 'unknown' }),
    ],
    checkedAt: at(1),
  });
  await store.replaceStatuses({
    entityRef: CHECKOUT,
    statuses: [
      verdict('checkout-api', { namespace: 'shop', status: 'missing' }),
      verdict('deny-all', { namespace: 'shop', status: 'pending' }),
      verdict('prod-eu/shop/100%_broken.yaml:3', {
        namespace: '',
        status: 'unsealed',
      }),
      verdict('checkout-api', { cluster: 'prod-us', namespace: 'shop' }),
    ],
    checkedAt: at(2),
  });
  await store.replaceStatuses({
    entityRef: LEDGER,
    statuses: [
      verdict('ledger-db', { cluster: 'staging', namespace: 'ledger' }),
    ],
    checkedAt: at(0),
  });
}

const ids = (items: PolicyDriftRecord[]) =>
  items.map(item => `${item.cluster} ${item.namespace} ${item.name}`);

describe.each(databases.eachSupportedId())(
  'DatabaseDriftStore, listing and counting for the fleet page (%s)',
  databaseId => {
    let store: DatabaseDriftStore;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      store = (
        await NetsealDatabase.create({
          database: mockServices.database({ knex }),
        })
      ).driftStore;
      await seedFleet(store);
    });

    const list = (options: Partial<ListPoliciesOptions> = {}) =>
      store.listPolicies({ limit: 100, ...options });

    it('lists every verdict worst first, then by cluster, namespace and name', async () => {
      const { items, totalCount } = await list();
      expect(totalCount).toBe(10);
      expect(items.map(item => [item.status, ...ids([item])])).toEqual([
        ['missing', 'prod-eu shop checkout-api'],
        ['drifted', 'prod-eu payments deny-all'],
        ['unsealed', 'prod-eu  prod-eu/shop/100%_broken.yaml:3'],
        ['unsealed', 'prod-eu payments hotfix-allow-all'],
        ['unknown', 'prod-us payments allow-checkout'],
        ['unknown', 'prod-us payments deny-all'],
        ['pending', 'prod-eu shop deny-all'],
        ['in-sync', 'prod-eu payments allow-checkout'],
        ['in-sync', 'prod-us shop checkout-api'],
        ['in-sync', 'staging ledger ledger-db'],
      ]);
    });

    it('lists best first when asked for descending status', async () => {
      const { items } = await list({ order: 'desc', limit: 3 });
      expect(items.map(item => item.status)).toEqual([
        'in-sync',
        'in-sync',
        'in-sync',
      ]);
    });

    it('filters by any of several statuses, counting only what matches', async () => {
      const { items, totalCount } = await list({
        status: ['drifted', 'missing'],
      });
      expect(totalCount).toBe(2);
      expect(ids(items)).toEqual([
        'prod-eu shop checkout-api',
        'prod-eu payments deny-all',
      ]);
    });

    it('filters by cluster, namespace and entity together', async () => {
      expect(
        ids((await list({ cluster: 'prod-eu', namespace: 'shop' })).items),
      ).toEqual(['prod-eu shop checkout-api', 'prod-eu shop deny-all']);
      expect(
        ids((await list({ entityRef: PAYMENTS, cluster: 'prod-us' })).items),
      ).toEqual([
        'prod-us payments allow-checkout',
        'prod-us payments deny-all',
      ]);
    });

    it('searches names, namespaces, clusters and entities without regard to case', async () => {
      expect(ids((await list({ search: 'LEDGER' })).items)).toEqual([
        'staging ledger ledger-db',
      ]);
      const { totalCount } = await list({ search: 'Checkout' });
      // Two allow-checkout, two checkout-api, and the checkout entity’s two other rows.
      expect(totalCount).toBe(6);
    });

    it('searches for % and _ as themselves, not as wildcards', async () => {
      expect(ids((await list({ search: '%' })).items)).toEqual([
        'prod-eu  prod-eu/shop/100%_broken.yaml:3',
      ]);
      expect((await list({ search: '_' })).totalCount).toBe(1);
    });

    it('orders by name, by cluster and by when each was checked', async () => {
      expect(ids((await list({ orderBy: 'name', limit: 3 })).items)).toEqual([
        'prod-eu payments allow-checkout',
        'prod-us payments allow-checkout',
        'prod-eu shop checkout-api',
      ]);
      expect(
        (await list({ orderBy: 'cluster', order: 'desc' })).items.map(
          item => item.cluster,
        ),
      ).toEqual([
        'staging',
        'prod-us',
        'prod-us',
        'prod-us',
        'prod-eu',
        'prod-eu',
        'prod-eu',
        'prod-eu',
        'prod-eu',
        'prod-eu',
      ]);
      expect(
        (
          await list({ orderBy: 'checkedAt', order: 'desc', limit: 4 })
        ).items.map(item => item.checkedAt),
      ).toEqual([
        at(3).toISOString(),
        at(3).toISOString(),
        at(3).toISOString(),
        at(2).toISOString(),
      ]);
    });

    it('pages through every verdict exactly once, with the same total on every page', async () => {
      const pages = await Promise.all(
        [0, 4, 8].map(offset => list({ limit: 4, offset })),
      );
      expect(pages.map(page => page.totalCount)).toEqual([10, 10, 10]);
      expect(pages.map(page => page.items.length)).toEqual([4, 4, 2]);
      expect(pages.flatMap(page => ids(page.items))).toEqual(
        ids((await list()).items),
      );
    });

    it.each([
      [
        { limit: 1001 },
        'limit must be a whole number from 1 to 1000, got 1001',
      ],
      [{ offset: -1 }, 'offset must be a whole number of at least 0, got -1'],
      [
        { orderBy: 'rank' as 'name' },
        'orderBy must be one of status, name, cluster, checkedAt, got rank',
      ],
      [
        { status: ['broken' as 'missing'] },
        'status "broken" is not a drift status',
      ],
    ])('rejects %j, naming the field', async (options, message) => {
      await expect(list(options)).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringContaining(message),
      });
    });

    it('counts verdicts by status for the fleet, a cluster and an entity', async () => {
      expect(await store.countByStatus()).toEqual({
        unknown: 2,
        missing: 1,
        drifted: 1,
        unsealed: 2,
        pending: 1,
        'in-sync': 3,
      });
      expect(await store.countByStatus({ cluster: 'prod-us' })).toEqual({
        unknown: 2,
        missing: 0,
        drifted: 0,
        unsealed: 0,
        pending: 0,
        'in-sync': 1,
      });
      expect(
        await store.countByStatus({ entityRef: CHECKOUT, cluster: 'prod-eu' }),
      ).toMatchObject({ missing: 1, pending: 1, unsealed: 1, 'in-sync': 0 });
    });

    it('counts verdicts per cluster', async () => {
      const counts = await store.countByCluster();
      expect(counts.map(entry => entry.cluster)).toEqual([
        'prod-eu',
        'prod-us',
        'staging',
      ]);
      expect(counts[0].counts).toEqual({
        unknown: 0,
        missing: 1,
        drifted: 1,
        unsealed: 2,
        pending: 1,
        'in-sync': 1,
      });
      expect(await store.countByCluster({ entityRef: LEDGER })).toEqual([
        {
          cluster: 'staging',
          counts: {
            unknown: 0,
            missing: 0,
            drifted: 0,
            unsealed: 0,
            pending: 0,
            'in-sync': 1,
          },
        },
      ]);
    });
  },
);
