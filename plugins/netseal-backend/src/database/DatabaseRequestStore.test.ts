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

const PAYMENTS = 'component:default/payments';
const CHECKOUT = 'component:default/checkout';
const at = (minute: number) => new Date(Date.UTC(2026, 10, 26, 9, minute, 0));

function newRequest(overrides: Partial<NewRequest> = {}): NewRequest {
  return {
    entityRef: PAYMENTS,
    reason: 'checkout calls payments on 8443 now',
    requester: 'user:default/jane',
    providerId: 'local',
    changes: [
      {
        op: 'replace',
        cluster: 'prod-eu',
        namespace: 'payments',
        name: 'allow-checkout',
        file: 'prod-eu/allow-checkout.yaml',
        oldSeal: 'sha256:old',
        newSeal: 'sha256:new',
        text: 'kind: NetworkPolicy\n',
      },
    ],
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseRequestStore (%s)',
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

    afterEach(async () => {
      await knex('netseal_request_policies').delete();
      await knex('netseal_request_transitions').delete();
      await knex('netseal_requests').delete();
    });

    async function created(request: NewRequest, minute = 0) {
      const result = await store.create(request, at(minute));
      if (!('created' in result)) {
        throw new Error(`not created: ${JSON.stringify(result)}`);
      }
      return result.created;
    }

    it('stores an open request with its changes and who opened it', async () => {
      const request = await created(newRequest());

      expect(await store.get(request.id)).toEqual({
        id: request.id,
        entityRef: PAYMENTS,
        state: 'open',
        reason: 'checkout calls payments on 8443 now',
        requester: 'user:default/jane',
        providerId: 'local',
        changes: newRequest().changes,
        createdAt: at(0),
        updatedAt: at(0),
      });
      expect(await store.listTransitions(request.id)).toEqual([
        {
          to: 'open',
          actor: 'user:default/jane',
          reason: 'checkout calls payments on 8443 now',
          at: at(0),
        },
      ]);
    });

    it('refuses a second request for a policy an open or approved request holds, naming the holder', async () => {
      const first = await created(newRequest());
      await store.transition(first.id, {
        to: 'approved',
        actor: 'system',
        at: at(1),
      });

      const second = await store.create(
        newRequest({ requester: 'user:default/bo' }),
        at(2),
      );

      expect(second).toEqual({
        held: {
          cluster: 'prod-eu',
          namespace: 'payments',
          name: 'allow-checkout',
          requestId: first.id,
        },
      });
      expect((await store.list({ limit: 10 })).totalCount).toBe(1);
    });

    it('lets a policy be requested again once its request is merged, closed or failed', async () => {
      const first = await created(newRequest());
      await store.transition(first.id, {
        to: 'closed',
        actor: 'system',
        at: at(1),
      });

      const second = await store.create(newRequest(), at(2));

      expect('created' in second).toBe(true);
    });

    it('lets only one of two concurrent requests for the same policy through', async () => {
      const results = await Promise.all([
        store.create(newRequest({ requester: 'user:default/jane' }), at(0)),
        store.create(newRequest({ requester: 'user:default/bo' }), at(0)),
      ]);

      expect(results.filter(result => 'created' in result)).toHaveLength(1);
      expect(results.filter(result => 'held' in result)).toHaveLength(1);
      expect((await store.list({ limit: 10 })).totalCount).toBe(1);
    });

    it('answers a retry with the same idempotency key with the first request', async () => {
      const first = await created(newRequest({ idempotencyKey: 'k-1' }));

      const retry = await store.create(
        newRequest({ idempotencyKey: 'k-1' }),
        at(5),
      );

      expect(retry).toEqual({ existing: first });
    });

    it('records each transition once with its actor, and keeps the provider error of a failure', async () => {
      const request = await created(newRequest());
      const changeRef = {
        providerId: 'local',
        policySourceUrl: 'file:///policies/payments',
        branch: `netseal/request-${request.id}`,
        changeId: request.id,
        url: 'file:///policies?branch=x',
      };
      await store.setChangeRef(request.id, changeRef, at(1));
      await store.transition(request.id, {
        to: 'failed',
        actor: 'system',
        error: { kind: 'unavailable', message: 'host down' },
        at: at(2),
      });
      const again = await store.transition(request.id, {
        to: 'failed',
        actor: 'system',
        at: at(3),
      });

      expect(again.from).toBeUndefined();
      expect(await store.get(request.id)).toEqual(
        expect.objectContaining({
          state: 'failed',
          changeRef,
          error: { kind: 'unavailable', message: 'host down' },
          updatedAt: at(2),
        }),
      );
      expect(
        (await store.listTransitions(request.id)).map(t => [
          t.from,
          t.to,
          t.actor,
        ]),
      ).toEqual([
        [undefined, 'open', 'user:default/jane'],
        ['open', 'failed', 'system'],
      ]);
    });

    it('lists newest first, filtered by entity, readable entities and state, with the total', async () => {
      const policy = (name: string) => [
        { ...newRequest().changes[0], name, file: `prod-eu/${name}.yaml` },
      ];
      const a = await created(newRequest({ changes: policy('a') }), 0);
      const b = await created(
        newRequest({ entityRef: CHECKOUT, changes: policy('b') }),
        1,
      );
      const c = await created(newRequest({ changes: policy('c') }), 2);
      await store.transition(c.id, { to: 'closed', actor: 'x', at: at(3) });

      const ids_ = (items: { id: string }[]) => items.map(item => item.id);
      const all = await store.list({ limit: 2 });
      expect(ids_(all.items)).toEqual([c.id, b.id]);
      expect(all.totalCount).toBe(3);
      expect(ids_((await store.list({ limit: 2, offset: 2 })).items)).toEqual([
        a.id,
      ]);
      expect(
        ids_((await store.list({ limit: 10, entityRef: PAYMENTS })).items),
      ).toEqual([c.id, a.id]);
      expect(
        ids_((await store.list({ limit: 10, entityRefs: [CHECKOUT] })).items),
      ).toEqual([b.id]);
      expect(await store.list({ limit: 10, entityRefs: [] })).toEqual({
        items: [],
        totalCount: 0,
      });
      expect(
        ids_((await store.list({ limit: 10, state: 'open' })).items),
      ).toEqual([b.id, a.id]);
    });

    it('keeps the reviews last read from the Git host, and lists them, without changing the state or updatedAt', async () => {
      const request = await created(newRequest());
      const snapshot = {
        reviews: [
          {
            reviewer: 'user:default/jane',
            decision: 'approved',
            at: '2026-11-26T09:01:00Z',
            counted: false,
          },
          {
            reviewer: 'user:default/ana',
            decision: 'changes-requested',
            at: '2026-11-26T09:02:00Z',
            comment: 'name the port',
            counted: false,
          },
        ],
        approvals: 0,
        requiredApprovals: 2,
      };

      await store.setReviews(request.id, snapshot, at(3));

      const expected = { ...snapshot, at: at(3) };
      expect(await store.get(request.id)).toEqual(
        expect.objectContaining({
          state: 'open',
          updatedAt: at(0),
          reviewed: expected,
        }),
      );
      const [listed] = (await store.list({ limit: 10 })).items;
      expect(listed.reviewed).toEqual(expected);
    });

    it('keeps what the pull request holds with the request, without changing updatedAt, and leaves it out of listings', async () => {
      const request = await created(newRequest());
      const asFiled = {
        changes: [
          {
            oldText: '# only checkout\nport: 8443\n',
            newText: '# only checkout\nport: 9443\n',
            diff: [' # only checkout', '-port: 8443', '+port: 9443'],
            summary: ['Allows ingress from pods app=checkout on TCP 9443.'],
            selectsService: true,
          },
        ],
        accessChanges: [
          {
            cluster: 'prod-eu',
            openedFlows: 1,
            closedFlows: 1,
            changes: [
              {
                change: 'opened' as const,
                protocol: 'TCP',
                port: 9443,
                flows: 1,
                text: 'Opens: pods app=checkout → pods app=payments on TCP 9443.',
              },
            ],
          },
        ],
        rolloutPlan: {
          strategy: 'fail-closed delete-and-recreate (the default)',
          clusters: [{ cluster: 'prod-eu', steps: ['Delete x.', 'Create x.'] }],
        },
      };

      await store.setAsFiled(request.id, asFiled);
      await store.setAsFiled('no-such-request', asFiled);

      expect(await store.get(request.id)).toEqual(
        expect.objectContaining({ asFiled, updatedAt: at(0) }),
      );
      const [listed] = (await store.list({ limit: 10 })).items;
      expect(listed.id).toBe(request.id);
      expect(listed).not.toHaveProperty('asFiled');
    });

    it('replaces the reviews with a later read, but not with an earlier read that finished last', async () => {
      const request = await created(newRequest());
      const read = (reviewer: string, approvals: number) => ({
        reviews: [
          {
            reviewer,
            decision: 'approved',
            at: '2026-11-26T09:00:30Z',
            counted: true,
          },
        ],
        approvals,
        requiredApprovals: 1,
      });

      await store.setReviews(request.id, read('user:default/ana', 1), at(2));
      await store.setReviews(request.id, read('user:default/bo', 0), at(1));
      expect((await store.get(request.id))?.reviewed).toEqual(
        expect.objectContaining({
          approvals: 1,
          reviews: [expect.objectContaining({ reviewer: 'user:default/ana' })],
          at: at(2),
        }),
      );

      await store.setReviews(request.id, read('user:default/cy', 1), at(4));
      expect((await store.get(request.id))?.reviewed).toEqual(
        expect.objectContaining({
          reviews: [expect.objectContaining({ reviewer: 'user:default/cy' })],
          at: at(4),
        }),
      );
    });

    it('lists the changes of merged and rolling-out requests of every entity, oldest request first, with their request', async () => {
      const moved = async (
        request: NewRequest,
        minute: number,
        to: 'merged' | 'rolling-out' | 'completed' | 'approved',
      ) => {
        const stored = await created(request, minute);
        await store.transition(stored.id, {
          to,
          actor: 'system',
          at: at(minute + 1),
        });
        return stored;
      };
      const removal = {
        op: 'remove' as const,
        cluster: 'prod-us',
        namespace: 'shop',
        name: 'allow-payments',
        file: 'prod-us/allow-payments.yaml',
        oldSeal: 'sha256:gone',
      };
      const merged = await moved(newRequest(), 0, 'merged');
      await moved(
        newRequest({
          changes: [{ ...newRequest().changes[0], name: 'deny-all' }],
        }),
        2,
        'completed',
      );
      await moved(
        newRequest({
          changes: [{ ...newRequest().changes[0], name: 'allow-ops' }],
        }),
        3,
        'approved',
      );
      const rollingOut = await moved(
        newRequest({ entityRef: CHECKOUT, changes: [removal] }),
        4,
        'rolling-out',
      );

      expect(await store.listPendingChanges()).toEqual([
        {
          requestId: merged.id,
          entityRef: PAYMENTS,
          state: 'merged',
          change: newRequest().changes[0],
        },
        {
          requestId: rollingOut.id,
          entityRef: CHECKOUT,
          state: 'rolling-out',
          change: removal,
        },
      ]);
    });
  },
);
