import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  replaceAllowCheckoutOnPort,
  usePaymentsBackend,
} from './__testUtils__/usePaymentsBackend';

const RILEY = mockCredentials.user.header('user:default/riley');

type Body = ReturnType<typeof replaceAllowCheckoutOnPort>;

/**
 * An Idempotency-Key is bound to its caller and to the body first filed with it: the same
 * body again is a retry, answered 200 with the first request; another body under the same
 * key answers 422 naming the key (as Stripe and the IETF draft do) and files nothing.
 */
describe('Idempotency-Key, through the API', () => {
  // Bounds for a loaded CI machine, not expectations of speed.
  jest.setTimeout(90_000);

  const { start } = usePaymentsBackend();

  /** Files the first request under key-1, then sends `second` under the same key. */
  async function fileTwice(second: (first: Body) => object) {
    const { server } = await start();
    const first = replaceAllowCheckoutOnPort(9443);
    const filed = await request(server)
      .post('/api/netseal/requests')
      .set('idempotency-key', 'key-1')
      .send(first);
    expect(filed.status).toBe(201);
    const again = await request(server)
      .post('/api/netseal/requests')
      .set('idempotency-key', 'key-1')
      .send(second(first));
    const listed = await request(server).get('/api/netseal/requests');
    return { filed, again, count: listed.body.totalCount };
  }

  it.each<[string, (first: Body) => object]>([
    ['the same body', first => first],
    [
      'the same body with its keys in another order and the ref written short',
      first => ({
        changes: first.changes,
        reason: first.reason,
        entityRef: 'component:payments',
      }),
    ],
  ])(
    'answers a second request with the same key and %s with the first request, 200',
    async (_case, second) => {
      const { filed, again, count } = await fileTwice(second);

      expect(again.status).toBe(200);
      expect(again.body.id).toBe(filed.body.id);
      expect(count).toBe(1);
    },
  );

  it.each<[string, (first: Body) => object]>([
    ['another reason', first => ({ ...first, reason: 'something else' })],
    [
      'another manifest',
      first => ({
        ...first,
        changes: replaceAllowCheckoutOnPort(9444).changes,
      }),
    ],
    [
      'another change, for another policy',
      first => ({
        ...first,
        changes: [{ ...first.changes[0], name: 'allow-ledger' }],
      }),
    ],
  ])(
    'answers a second request with the same key and %s with 422 naming the key, filing nothing',
    async (_case, second) => {
      const { filed, again, count } = await fileTwice(second);

      expect(again.status).toBe(422);
      expect(again.body.error.message).toBe(
        `Idempotency-Key "key-1" was already used for request ${filed.body.id}, filed with another body; send a new key for a new request, or the first request's body unchanged to retry it`,
      );
      expect(count).toBe(1);
    },
  );

  it("binds a key to its caller: another caller's request under the same key is their own", async () => {
    const { server } = await start();
    const filed = await request(server)
      .post('/api/netseal/requests')
      .set('idempotency-key', 'key-1')
      .send(replaceAllowCheckoutOnPort(9443));

    const other = await request(server)
      .post('/api/netseal/requests')
      .set('authorization', RILEY)
      .set('idempotency-key', 'key-1')
      .send(replaceAllowCheckoutOnPort(9444));

    // Not the first caller's request: Riley's own, refused because the policy is held.
    expect(filed.status).toBe(201);
    expect(other.status).toBe(409);
    expect(other.body.error.message).toContain(
      `already has open request ${filed.body.id}`,
    );
  });
});
