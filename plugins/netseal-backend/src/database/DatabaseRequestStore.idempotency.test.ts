import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import type { DatabaseRequestStore } from './DatabaseRequestStore';
import { NetsealDatabase } from './NetsealDatabase';
import { NewRequest } from './RequestStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const at = new Date(Date.UTC(2026, 11, 7, 9, 0, 0));

function newRequest(overrides: Partial<NewRequest> = {}): NewRequest {
  return {
    entityRef: 'component:default/payments',
    reason: 'checkout calls payments on 8443 now',
    requester: 'user:default/jane',
    providerId: 'local',
    changes: [
      {
        op: 'remove',
        cluster: 'prod-eu',
        namespace: 'payments',
        name: 'allow-checkout',
        file: 'prod-eu/allow-checkout.yaml',
      },
    ],
    idempotencyKey: 'k1',
    idempotencyFingerprint: 'sha256:first',
    ...overrides,
  };
}

/** What `create` answered, by its kind, with the request id it names. */
function outcome(result: Awaited<ReturnType<DatabaseRequestStore['create']>>) {
  if ('created' in result) return { created: result.created.id };
  if ('existing' in result) return { existing: result.existing.id };
  if ('keyReused' in result) return { keyReused: result.keyReused.id };
  return { held: result.held.requestId };
}

describe.each(databases.eachSupportedId())(
  'DatabaseRequestStore idempotency keys (%s)',
  (databaseId: TestDatabaseId) => {
    let store: DatabaseRequestStore;
    let knex: Knex;
    let ids = 0;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      store = (
        await NetsealDatabase.create({
          database: mockServices.database({
            knex,
            migrations: { skip: false },
          }),
          newRequestId: () => `r${++ids}`,
        })
      ).requestStore;
    });

    const requestCount = async () =>
      Number((await knex('netseal_requests').count({ n: '*' }))[0].n);

    beforeEach(async () => {
      await knex('netseal_request_policies').delete();
      await knex('netseal_request_transitions').delete();
      await knex('netseal_requests').delete();
      ids = 0;
    });

    it.each<[string, Partial<NewRequest>, ReturnType<typeof outcome>]>([
      ['the same key and fingerprint', {}, { existing: 'r1' }],
      [
        'the same key with another fingerprint',
        { idempotencyFingerprint: 'sha256:second' },
        { keyReused: 'r1' },
      ],
      [
        'the same key with another fingerprint, for another entity',
        {
          entityRef: 'component:default/ledger',
          idempotencyFingerprint: 'sha256:second',
        },
        { keyReused: 'r1' },
      ],
      [
        'the same key from another requester, whose keys are their own',
        {
          requester: 'user:default/riley',
          idempotencyFingerprint: 'sha256:second',
          changes: [
            {
              op: 'remove',
              cluster: 'prod-eu',
              namespace: 'payments',
              name: 'allow-ledger',
              file: 'prod-eu/allow-ledger.yaml',
            },
          ],
        },
        { created: 'r2' },
      ],
      [
        'another key for the same policy',
        { idempotencyKey: 'k2' },
        { held: 'r1' },
      ],
    ])('answers a second request with %s', async (_case, second, expected) => {
      expect(outcome(await store.create(newRequest(), at))).toEqual({
        created: 'r1',
      });

      expect(outcome(await store.create(newRequest(second), at))).toEqual(
        expected,
      );
      expect(await requestCount()).toBe('created' in expected ? 2 : 1);
    });

    it('answers a retry of a request filed before fingerprints were kept as that request', async () => {
      await store.create(newRequest({ idempotencyFingerprint: undefined }), at);

      expect(outcome(await store.create(newRequest(), at))).toEqual({
        existing: 'r1',
      });
      expect(
        await store.findByIdempotencyKey('user:default/jane', 'k1'),
      ).toEqual({
        request: expect.objectContaining({ id: 'r1' }),
      });
    });

    it('keeps the fingerprint with the key', async () => {
      await store.create(newRequest(), at);

      expect(
        await store.findByIdempotencyKey('user:default/jane', 'k1'),
      ).toEqual({
        request: expect.objectContaining({ id: 'r1', state: 'open' }),
        fingerprint: 'sha256:first',
      });
      expect(
        await store.findByIdempotencyKey('user:default/riley', 'k1'),
      ).toBeUndefined();
    });

    it('stores one of two concurrent requests with the same key and other bodies, and refuses the other', async () => {
      const results = await Promise.all([
        store.create(newRequest(), at),
        store.create(
          newRequest({ idempotencyFingerprint: 'sha256:second' }),
          at,
        ),
      ]);

      const kinds = results.map(result => Object.keys(outcome(result))[0]);
      expect(kinds.sort()).toEqual(['created', 'keyReused']);
      expect(await requestCount()).toBe(1);
    });
  },
);
