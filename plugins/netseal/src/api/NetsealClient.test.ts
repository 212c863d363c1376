import { registerMswTestHooks } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { paymentsPolicies } from '../__fixtures__/paymentsPolicies';
import { paymentsRequests } from '../__fixtures__/paymentsRequests';
import { NetsealClient } from './NetsealClient';

const baseUrl = 'http://backstage.test/api/netseal';
const server = setupServer();
const payments = { kind: 'Component', namespace: 'default', name: 'payments' };

describe('NetsealClient', () => {
  registerMswTestHooks(server);

  // Backstage's fetchApi is what adds the user's token; the client must go through it.
  const client = new NetsealClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: {
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          headers: { Authorization: 'Bearer user-token' },
        }),
    },
  });

  it('reads the backend health', async () => {
    server.use(
      http.get(`${baseUrl}/health`, () => HttpResponse.json({ status: 'ok' })),
    );

    await expect(client.getHealth()).resolves.toEqual({ status: 'ok' });
  });

  it("reads an entity's policies as the user, through the fetch API", async () => {
    server.use(
      http.get(
        `${baseUrl}/entities/component/default/payments/policies`,
        ({ request }) =>
          request.headers.get('Authorization') === 'Bearer user-token'
            ? HttpResponse.json(paymentsPolicies())
            : HttpResponse.json({}, { status: 401 }),
      ),
    );

    const policies = await client.getEntityPolicies(payments);
    expect(policies.worstStatus).toBe('missing');
    expect(policies.items).toHaveLength(6);
  });

  it("sends the fleet table's filters and page as query parameters", async () => {
    let query: URLSearchParams | undefined;
    server.use(
      http.get(`${baseUrl}/fleet/policies`, ({ request }) => {
        query = new URL(request.url).searchParams;
        return HttpResponse.json({ items: [], totalCount: 0 });
      }),
    );

    await client.getFleetPolicies({
      status: ['drifted', 'missing'],
      cluster: 'prod-eu',
      limit: 20,
      offset: 40,
    });

    expect(query?.getAll('status')).toEqual(['drifted', 'missing']);
    expect(query?.get('cluster')).toBe('prod-eu');
    expect(query?.get('limit')).toBe('20');
    expect(query?.get('offset')).toBe('40');
  });

  it("surfaces a 403 as ResponseError with the server's message", async () => {
    const message =
      'You may not read the network policies of component:default/payments (permission netseal.policy.read)';
    server.use(
      http.get(`${baseUrl}/entities/component/default/payments/policies`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message },
            request: {
              method: 'GET',
              url: '/entities/component/default/payments/policies',
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );

    const failure = await client.getEntityPolicies(payments).catch(e => e);
    expect(failure).toBeInstanceOf(ResponseError);
    expect(failure).toMatchObject({
      statusCode: 403,
      body: { error: { name: 'NotAllowedError', message } },
    });
  });

  it("surfaces Backstage's error body when the backend fails", async () => {
    server.use(
      http.get(`${baseUrl}/health`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'No plugin netseal' },
            request: { method: 'GET', url: '/api/netseal/health' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );

    await expect(client.getHealth()).rejects.toMatchObject({
      statusCode: 404,
      body: { error: { message: 'No plugin netseal' } },
    });
  });

  it("reads a service's replacement requests and one with its reviews as the user", async () => {
    const asUser =
      (answer: object) =>
      ({ request }: { request: Request }) =>
        request.headers.get('Authorization') === 'Bearer user-token'
          ? HttpResponse.json(answer)
          : HttpResponse.json({}, { status: 401 });
    server.use(
      http.get(
        `${baseUrl}/requests`,
        asUser({ items: paymentsRequests, totalCount: 2 }),
      ),
      http.get(`${baseUrl}/requests/12`, asUser(paymentsRequests[0])),
    );

    const page = await client.listRequests({
      entityRef: 'component:default/payments',
    });
    expect(page.items.map(request => request.id)).toEqual(['12', '11']);
    const request = await client.getRequest('12');
    expect(request.reviews?.map(review => review.decision)).toEqual([
      'approved',
    ]);
  });

  it("installs a cluster's guard as the user, so the server checks netseal.guard.manage for them", async () => {
    const guard = {
      status: 'protected',
      installed: true,
      bound: true,
      upToDate: true,
      enforcing: true,
      version: '2',
      expectedVersion: '2',
      checkedAt: '2026-11-26T12:00:00Z',
    } as const;
    server.use(
      http.post(`${baseUrl}/clusters/prod-eu/guard`, ({ request }) =>
        request.headers.get('Authorization') === 'Bearer user-token'
          ? HttpResponse.json(guard)
          : HttpResponse.json({}, { status: 401 }),
      ),
      http.get(`${baseUrl}/clusters/prod-eu/guard`, ({ request }) =>
        request.headers.get('Authorization') === 'Bearer user-token'
          ? HttpResponse.json(guard)
          : HttpResponse.json({}, { status: 401 }),
      ),
    );

    await expect(client.installClusterGuard('prod-eu')).resolves.toEqual(guard);
    await expect(client.getClusterGuard('prod-eu')).resolves.toEqual(guard);
  });
});
