import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { useDriftStore } from './__testUtils__/useDriftStore';
import { at, CHECKOUT, PAYMENTS, verdict } from './__fixtures__/verdicts';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** Each replica writes the clusters it watches; another replica wrote the rest. */
describe.each(databases.eachSupportedId())(
  'DatabaseDriftStore, replacing some clusters of an entity (%s)',
  (databaseId: TestDatabaseId) => {
    const db = useDriftStore(databases, databaseId);

    beforeEach(async () => {
      await db.store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [
          verdict('allow-a', { cluster: 'prod-eu' }),
          verdict('allow-b', { cluster: 'prod-us' }),
          verdict('allow-c', { cluster: 'retired', status: 'unknown' }),
        ],
        checkedAt: at(0),
      });
    });

    const rows = async () =>
      (await db.store.listEntityPolicies(PAYMENTS)).map(
        policy => `${policy.cluster}/${policy.name}: ${policy.status}`,
      );

    it('replaces the verdicts of the clusters named, and keeps the others as they were', async () => {
      const transitions = await db.store.replaceStatuses({
        entityRef: PAYMENTS,
        clusters: { only: ['prod-eu', 'prod-ap'] },
        statuses: [
          verdict('allow-a', { cluster: 'prod-eu', status: 'drifted' }),
        ],
        checkedAt: at(1),
      });

      expect(transitions.map(t => [t.cluster, t.from, t.to])).toEqual([
        ['prod-eu', 'in-sync', 'drifted'],
      ]);
      expect(await rows()).toEqual([
        'prod-eu/allow-a: drifted',
        'prod-us/allow-b: in-sync',
        'retired/allow-c: unknown',
      ]);
    });

    it('replaces every cluster but the ones named, removing the verdicts of a cluster no check reports any more', async () => {
      const transitions = await db.store.replaceStatuses({
        entityRef: PAYMENTS,
        clusters: { allBut: ['prod-us'] },
        statuses: [verdict('allow-a', { cluster: 'prod-eu' })],
        checkedAt: at(1),
      });

      expect(transitions.map(t => [t.cluster, t.name, t.from, t.to])).toEqual([
        ['retired', 'allow-c', 'unknown', undefined],
      ]);
      expect(await rows()).toEqual([
        'prod-eu/allow-a: in-sync',
        'prod-us/allow-b: in-sync',
      ]);
    });

    it('writes several entities in one batch, each with its own transitions', async () => {
      const [payments, checkout] = await db.store.replaceManyStatuses([
        {
          entityRef: PAYMENTS,
          clusters: { only: ['prod-eu'] },
          statuses: [verdict('allow-a', { status: 'missing' })],
          checkedAt: at(1),
        },
        {
          entityRef: CHECKOUT,
          statuses: [verdict('allow-c')],
          checkedAt: at(1),
        },
      ]);

      expect(payments.map(t => [t.entityRef, t.from, t.to])).toEqual([
        [PAYMENTS, 'in-sync', 'missing'],
      ]);
      expect(checkout.map(t => [t.entityRef, t.from, t.to])).toEqual([
        [CHECKOUT, undefined, 'in-sync'],
      ]);
    });

    it('refuses a batch that writes one entity twice, and writes nothing of it', async () => {
      const write = {
        entityRef: CHECKOUT,
        statuses: [verdict('allow-c')],
        checkedAt: at(1),
      };
      await expect(
        db.store.replaceManyStatuses([write, write]),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: `${CHECKOUT} is written twice in one batch; give each entity one write`,
      });
      expect(await db.store.listEntityPolicies(CHECKOUT)).toEqual([]);
    });

    it.each([
      [
        'a verdict of a cluster outside the ones named',
        { clusters: { only: ['prod-us'] } },
        'statuses[0].cluster is "prod-eu", but only cluster "prod-us" is being replaced',
      ],
      [
        'a verdict of a cluster left out',
        { clusters: { allBut: ['prod-eu'] } },
        'statuses[0].cluster is "prod-eu", but every cluster but "prod-eu" is being replaced',
      ],
      [
        'cluster and clusters at once',
        { cluster: 'prod-eu', clusters: { only: ['prod-eu'] } },
        'give either cluster or clusters, not both',
      ],
    ])('rejects %s and changes nothing', async (_, scope, message) => {
      await expect(
        db.store.replaceStatuses({
          entityRef: PAYMENTS,
          statuses: [verdict('allow-a', { status: 'missing' })],
          checkedAt: at(1),
          ...scope,
        }),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringContaining(message),
      });
      expect(await rows()).toEqual([
        'prod-eu/allow-a: in-sync',
        'prod-us/allow-b: in-sync',
        'retired/allow-c: unknown',
      ]);
    });
  },
);
