import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import type { DatabaseDriftStore } from './DatabaseDriftStore';
import { NetsealDatabase } from './NetsealDatabase';
import {
  at,
  CHECKOUT,
  PAYMENTS,
  SEAL_A,
  SEAL_B,
  verdict,
} from './__fixtures__/verdicts';

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

describe.each(databases.eachSupportedId())(
  'DatabaseDriftStore, writing and reading verdicts (%s)',
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

    it('stores a first check and records each policy as first seen', async () => {
      const transitions = await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [verdict('allow-checkout'), verdict('deny-all')],
        checkedAt: at(0),
      });
      expect(transitions).toEqual([
        {
          id: expect.any(Number),
          entityRef: PAYMENTS,
          cluster: 'prod-eu',
          namespace: 'payments',
          name: 'allow-checkout',
          to: 'in-sync',
          seal: SEAL_A,
          liveDigest: SEAL_A,
          occurredAt: '2026-11-26T09:00:00.000Z',
        },
        expect.objectContaining({ name: 'deny-all', to: 'in-sync' }),
      ]);
      expect(transitions[0].from).toBeUndefined();
      expect(await store.listEntityPolicies(PAYMENTS)).toEqual([
        {
          entityRef: PAYMENTS,
          cluster: 'prod-eu',
          namespace: 'payments',
          name: 'allow-checkout',
          status: 'in-sync',
          seal: SEAL_A,
          liveDigest: SEAL_A,
          source: { file: 'prod-eu/payments/allow-checkout.yaml', line: 1 },
          differences: [],
          checkedAt: '2026-11-26T09:00:00.000Z',
          statusChangedAt: '2026-11-26T09:00:00.000Z',
        },
        expect.objectContaining({ name: 'deny-all' }),
      ]);
    });

    it('records nothing when a later check finds the same statuses, but updates when it was checked', async () => {
      const statuses = [verdict('allow-checkout')];
      await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses,
        checkedAt: at(0),
      });
      const transitions = await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses,
        checkedAt: at(2),
      });
      expect(transitions).toEqual([]);
      expect(await store.listEntityPolicies(PAYMENTS)).toEqual([
        expect.objectContaining({
          checkedAt: '2026-11-26T09:02:00.000Z',
          statusChangedAt: '2026-11-26T09:00:00.000Z',
        }),
      ]);
      expect(await store.listHistory({ limit: 10 })).toHaveLength(1);
    });

    it('records one transition when a status changes, and returns only that one', async () => {
      await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [verdict('allow-checkout'), verdict('deny-all')],
        checkedAt: at(0),
      });
      const drifted = verdict('allow-checkout', {
        status: 'drifted',
        liveDigest: SEAL_B,
        reason:
          'the live object differs from its seal at spec.ingress[0].ports[1]',
        differences: [
          {
            path: 'spec.ingress[0].ports[1]',
            live: { protocol: 'TCP', port: 9090 },
          },
        ],
      });
      const transitions = await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [drifted, verdict('deny-all')],
        checkedAt: at(5),
      });
      expect(transitions).toEqual([
        {
          id: expect.any(Number),
          entityRef: PAYMENTS,
          cluster: 'prod-eu',
          namespace: 'payments',
          name: 'allow-checkout',
          from: 'in-sync',
          to: 'drifted',
          seal: SEAL_A,
          liveDigest: SEAL_B,
          reason: drifted.reason,
          occurredAt: '2026-11-26T09:05:00.000Z',
        },
      ]);
      expect(
        await store.getPolicy({
          entityRef: PAYMENTS,
          cluster: 'prod-eu',
          namespace: 'payments',
          name: 'allow-checkout',
        }),
      ).toMatchObject({
        status: 'drifted',
        differences: drifted.differences,
        statusChangedAt: '2026-11-26T09:05:00.000Z',
      });
    });

    it('updates reason and differences without a transition while the status stays', async () => {
      const first = verdict('allow-checkout', {
        status: 'drifted',
        differences: [{ path: 'metadata.labels["a"]', live: '1' }],
      });
      const second = {
        ...first,
        differences: [{ path: 'metadata.labels["b"]', live: '2' }],
      };
      await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [first],
        checkedAt: at(0),
      });
      expect(
        await store.replaceStatuses({
          entityRef: PAYMENTS,
          statuses: [second],
          checkedAt: at(1),
        }),
      ).toEqual([]);
      expect((await store.listEntityPolicies(PAYMENTS))[0].differences).toEqual(
        second.differences,
      );
    });

    it('removes a policy no check reports any more, recording that it is no longer tracked', async () => {
      await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [verdict('allow-checkout'), verdict('deny-all')],
        checkedAt: at(0),
      });
      const transitions = await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [verdict('allow-checkout')],
        checkedAt: at(1),
      });
      expect(transitions).toEqual([
        expect.objectContaining({
          name: 'deny-all',
          from: 'in-sync',
          reason: 'no longer in the policy source nor in the cluster',
        }),
      ]);
      expect(transitions[0].to).toBeUndefined();
      expect(
        (await store.listEntityPolicies(PAYMENTS)).map(policy => policy.name),
      ).toEqual(['allow-checkout']);
    });

    it('replaces one cluster of an entity without touching its other clusters', async () => {
      await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [
          verdict('deny-all'),
          verdict('deny-all', { cluster: 'prod-us' }),
        ],
        checkedAt: at(0),
      });
      const transitions = await store.replaceStatuses({
        entityRef: PAYMENTS,
        cluster: 'prod-us',
        statuses: [],
        checkedAt: at(1),
      });
      expect(transitions.map(t => t.cluster)).toEqual(['prod-us']);
      expect(
        (await store.listEntityPolicies(PAYMENTS)).map(
          policy => policy.cluster,
        ),
      ).toEqual(['prod-eu']);
    });

    it('never lets an older check overwrite a newer one', async () => {
      await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [verdict('allow-checkout', { status: 'missing' })],
        checkedAt: at(10),
      });
      const transitions = await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [],
        checkedAt: at(9),
      });
      expect(transitions).toEqual([]);
      expect(await store.listEntityPolicies(PAYMENTS)).toEqual([
        expect.objectContaining({
          status: 'missing',
          checkedAt: at(10).toISOString(),
        }),
      ]);
    });

    it('keeps the verdicts of two entities that hold the same policy apart', async () => {
      await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [verdict('deny-all')],
        checkedAt: at(0),
      });
      await store.replaceStatuses({
        entityRef: CHECKOUT,
        statuses: [
          verdict('deny-all', {
            status: 'unsealed',
            reason: 'exists only in cluster prod-eu, not in the policy source',
          }),
        ],
        checkedAt: at(0),
      });
      const key = {
        cluster: 'prod-eu',
        namespace: 'payments',
        name: 'deny-all',
      };
      expect(
        await store.getPolicy({ ...key, entityRef: PAYMENTS }),
      ).toMatchObject({
        entityRef: PAYMENTS,
        status: 'in-sync',
      });
      // Without an entity: the worst verdict, the one that needs attention.
      expect(await store.getPolicy(key)).toMatchObject({
        entityRef: CHECKOUT,
        status: 'unsealed',
      });
      expect(await store.getPolicy({ ...key, name: 'nope' })).toBeUndefined();
    });

    it('gives back manifests, differences and problems exactly as stored', async () => {
      const sealedManifest = {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: {
          name: 'allow-checkout',
          namespace: 'payments',
          labels: {
            'netseal.io/sealed': 'true',
            note: 'zahlungsverkehr, ß → ✓',
          },
          annotations: { 'netseal.io/seal': SEAL_A },
        },
        spec: { podSelector: {}, ingress: [{ ports: [{ port: 8080 }] }] },
      };
      const liveManifest = {
        ...sealedManifest,
        metadata: {
          ...sealedManifest.metadata,
          uid: 'u-1',
          resourceVersion: '42',
        },
      };
      const stored = verdict('allow-checkout', {
        status: 'unsealed',
        reason: 'not a valid NetworkPolicy',
        problems: [
          {
            path: 'spec.ingress[0].ports[0].port',
            message: 'must be between 1 and 65535 (got 0)',
          },
        ],
        differences: [
          {
            path: 'spec.ingress[0].from[1].ipBlock.except[0]',
            sealed: '10.1.0.0/16',
          },
          { path: 'spec.ingress[1]', live: { from: [], ports: [] } },
        ],
        sealedManifest,
        liveManifest,
      });
      await store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [stored],
        checkedAt: at(0),
      });
      const {
        sealedManifest: _s,
        liveManifest: _l,
        ...withoutManifests
      } = stored;
      expect(
        await store.getPolicy({
          entityRef: PAYMENTS,
          cluster: 'prod-eu',
          namespace: 'payments',
          name: 'allow-checkout',
        }),
      ).toEqual({
        ...withoutManifests,
        entityRef: PAYMENTS,
        sealedManifest,
        liveManifest,
        checkedAt: at(0).toISOString(),
        statusChangedAt: at(0).toISOString(),
      });
      expect((await store.listEntityPolicies(PAYMENTS))[0]).not.toHaveProperty(
        'liveManifest',
      );
    });

    it.each([
      [
        'a verdict of another cluster than the one replaced',
        { cluster: 'prod-us', statuses: [verdict('deny-all')] },
        'statuses[0].cluster is "prod-eu", but only cluster "prod-us" is being replaced',
      ],
      [
        'two verdicts for one policy',
        { statuses: [verdict('deny-all'), verdict('deny-all')] },
        'statuses[1] repeats prod-eu/payments/deny-all',
      ],
      [
        'a status that is not a drift status',
        { statuses: [verdict('deny-all', { status: 'removed' as 'missing' })] },
        'statuses[0].status "removed" is not a drift status',
      ],
      [
        'a name longer than the column',
        { statuses: [verdict('x'.repeat(513))] },
        'statuses[0].name must be a non-empty string of at most 512 characters',
      ],
    ])('rejects %s and stores nothing', async (_, input, message) => {
      await expect(
        store.replaceStatuses({
          entityRef: PAYMENTS,
          checkedAt: at(0),
          ...input,
        }),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringContaining(message),
      });
      expect(await store.listEntityPolicies(PAYMENTS)).toEqual([]);
      expect(await store.listHistory({ limit: 10 })).toEqual([]);
    });

    describe('history', () => {
      beforeEach(async () => {
        const statuses = ['in-sync', 'drifted', 'in-sync', 'missing'] as const;
        for (const [minute, status] of statuses.entries()) {
          await store.replaceStatuses({
            entityRef: PAYMENTS,
            statuses: [
              verdict('allow-checkout', { status }),
              verdict('deny-all', { cluster: 'prod-us' }),
            ],
            checkedAt: at(minute),
          });
        }
      });

      it('lists changes newest first, filtered by policy', async () => {
        const history = await store.listHistory({
          entityRef: PAYMENTS,
          cluster: 'prod-eu',
          namespace: 'payments',
          name: 'allow-checkout',
          limit: 10,
        });
        expect(history.map(t => [t.from, t.to, t.occurredAt])).toEqual([
          ['in-sync', 'missing', at(3).toISOString()],
          ['drifted', 'in-sync', at(2).toISOString()],
          ['in-sync', 'drifted', at(1).toISOString()],
          [undefined, 'in-sync', at(0).toISOString()],
        ]);
      });

      it('pages backwards from the last id seen', async () => {
        const first = await store.listHistory({ cluster: 'prod-eu', limit: 3 });
        const next = await store.listHistory({
          cluster: 'prod-eu',
          limit: 3,
          before: first[first.length - 1].id,
        });
        expect([...first, ...next].map(t => t.to)).toEqual([
          'missing',
          'in-sync',
          'drifted',
          'in-sync',
        ]);
        expect(
          await store.listHistory({ cluster: 'prod-us', limit: 10 }),
        ).toHaveLength(1);
      });

      it('rejects a page size it will not serve', async () => {
        await expect(store.listHistory({ limit: 0 })).rejects.toThrow(
          'limit must be a whole number from 1 to 1000, got 0',
        );
      });
    });
  },
);
