import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { NetsealApiClient } from './NetsealApiClient';

const baseUrl = 'http://backstage.test/api/netseal';
const server = setupServer();

describe('NetsealApiClient', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const client = new NetsealApiClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
  });

  it("reads an entity's policies by kind, namespace and name", async () => {
    server.use(
      http.get(`${baseUrl}/entities/component/default/payments/policies`, () =>
        HttpResponse.json({
          entityRef: 'component:default/payments',
          counts: {
            unknown: 0,
            missing: 0,
            drifted: 1,
            unsealed: 0,
            pending: 0,
            'in-sync': 0,
          },
          worstStatus: 'drifted',
          items: [],
        }),
      ),
    );

    const policies = await client.getEntityPolicies({
      kind: 'Component',
      namespace: 'default',
      name: 'payments',
    });
    expect(policies.worstStatus).toBe('drifted');
  });

  it("reads an entity's reachability pictures per cluster", async () => {
    const picture = {
      pods: 'pods backstage.io/kubernetes-id=payments',
      policies: ['shop/deny-all'],
      ingress: {
        mode: 'isolated',
        summary:
          'Ingress is isolated and no rule allows any peer: all ingress is denied.',
        peers: [],
      },
      egress: {
        mode: 'not-isolated',
        summary:
          'Egress is NOT isolated: the pods may connect to any pod or address on any port.',
        peers: [],
      },
    };
    server.use(
      http.get(
        `${baseUrl}/entities/component/default/payments/reachability`,
        () =>
          HttpResponse.json({
            items: [
              { cluster: 'prod-eu', mode: 'live', reachability: picture },
            ],
          }),
      ),
    );

    const answer = await client.getEntityReachability({
      kind: 'Component',
      namespace: 'default',
      name: 'payments',
    });
    expect(answer.items).toEqual([
      { cluster: 'prod-eu', mode: 'live', reachability: picture },
    ]);
  });

  it('asks for the sealed picture with mode=sealed', async () => {
    let seen = '';
    server.use(
      http.get(
        `${baseUrl}/entities/component/default/payments/reachability`,
        ({ request }) => {
          seen = new URL(request.url).search;
          return HttpResponse.json({ items: [] });
        },
      ),
    );

    await client.getEntityReachability(
      { kind: 'Component', namespace: 'default', name: 'payments' },
      { mode: 'sealed' },
    );
    expect(seen).toBe('?mode=sealed');
  });

  it("restores a policy by posting to its restore route, each part of its name escaped, and reads the restore's progress", async () => {
    const restore = {
      id: 'x1',
      entityRef: 'component:default/payments',
      cluster: 'prod/eu',
      namespace: 'shop',
      name: 'allow-checkout',
      driftStatus: 'drifted',
      seal: 'sha256:1',
      requestedBy: 'user:default/riley',
      selfHeal: false,
      createdAt: '2026-12-07T09:00:00Z',
      rollout: { status: 'queued', clusters: [] },
    };
    let method = '';
    server.use(
      http.post(
        `${baseUrl}/entities/component/default/payments/policies/prod%2Feu/shop/allow-checkout/restore`,
        ({ request }) => {
          method = request.method;
          return HttpResponse.json(restore, { status: 202 });
        },
      ),
      http.get(`${baseUrl}/restores/x1`, () =>
        HttpResponse.json({
          ...restore,
          rollout: { status: 'completed', clusters: [] },
        }),
      ),
    );
    const payments = {
      kind: 'Component',
      namespace: 'default',
      name: 'payments',
    };

    const started = await client.restorePolicy(payments, {
      cluster: 'prod/eu',
      namespace: 'shop',
      name: 'allow-checkout',
    });
    expect(method).toBe('POST');
    expect(started.id).toBe('x1');
    expect((await client.getRestore('x1')).rollout.status).toBe('completed');
  });

  it("uninstalls a cluster's guard with DELETE on its guard route", async () => {
    let method = '';
    server.use(
      http.delete(`${baseUrl}/clusters/demo-east/guard`, ({ request }) => {
        method = request.method;
        return HttpResponse.json({
          status: 'unprotected',
          installed: false,
          bound: false,
          upToDate: false,
          enforcing: false,
          expectedVersion: '1',
          checkedAt: '2026-12-07T09:00:00Z',
        });
      }),
    );

    const guard = await client.uninstallClusterGuard('demo-east');
    expect(method).toBe('DELETE');
    expect(guard.status).toBe('unprotected');
  });

  it('sends repeated statuses and paging to the fleet route', async () => {
    let seen = '';
    server.use(
      http.get(`${baseUrl}/fleet/policies`, ({ request }) => {
        seen = new URL(request.url).search;
        return HttpResponse.json({ items: [], totalCount: 0 });
      }),
    );

    await client.getFleetPolicies({
      status: ['drifted', 'missing'],
      limit: 20,
      offset: 40,
    });
    expect(seen).toBe('?status=drifted&status=missing&limit=20&offset=40');
  });

  it("lists replacement requests filtered by the entity's ref, state and page", async () => {
    let asked: URLSearchParams | undefined;
    server.use(
      http.get(`${baseUrl}/requests`, ({ request }) => {
        asked = new URL(request.url).searchParams;
        return HttpResponse.json({
          items: [
            {
              id: '12',
              entityRef: 'component:default/payments',
              state: 'open',
              requester: 'user:default/alice',
              reason: 'allow the ledger',
              changes: [],
              createdAt: '2026-11-26T10:00:00Z',
              updatedAt: '2026-11-26T10:00:00Z',
              url: 'https://git.example/pulls/12',
            },
          ],
          totalCount: 1,
        });
      }),
    );

    const page = await client.listRequests({
      entityRef: 'component:default/payments',
      state: 'open',
      limit: 10,
      offset: 20,
    });

    expect(asked?.get('entityRef')).toBe('component:default/payments');
    expect(asked?.get('state')).toBe('open');
    expect(asked?.get('limit')).toBe('10');
    expect(asked?.get('offset')).toBe('20');
    expect(page.totalCount).toBe(1);
    expect(page.items[0].url).toBe('https://git.example/pulls/12');
  });

  it('reads one replacement request with its reviews by its id', async () => {
    server.use(
      http.get(`${baseUrl}/requests/12`, () =>
        HttpResponse.json({
          id: '12',
          entityRef: 'component:default/payments',
          state: 'approved',
          requester: 'user:default/alice',
          reason: 'allow the ledger',
          changes: [],
          createdAt: '2026-11-26T10:00:00Z',
          updatedAt: '2026-11-26T11:00:00Z',
          reviews: [
            {
              reviewer: 'user:default/bob',
              decision: 'approved',
              at: '2026-11-26T11:00:00Z',
            },
          ],
          transitions: [],
        }),
      ),
    );

    const request = await client.getRequest('12');

    expect(request.state).toBe('approved');
    expect(request.reviews).toEqual([
      expect.objectContaining({
        reviewer: 'user:default/bob',
        decision: 'approved',
      }),
    ]);
  });

  it('starts the rollout of a merged request by posting to its rollout route', async () => {
    let posted = '';
    server.use(
      http.post(`${baseUrl}/requests/12/rollout`, ({ request }) => {
        posted = request.method;
        return HttpResponse.json(
          {
            id: '12',
            entityRef: 'component:default/payments',
            state: 'rolling-out',
            requester: 'user:default/alice',
            reason: 'allow the ledger',
            changes: [],
            createdAt: '2026-11-26T10:00:00Z',
            updatedAt: '2026-11-26T12:00:00Z',
            transitions: [],
            rollout: {
              status: 'queued',
              waitingFor: 'request 9',
              clusters: [],
            },
          },
          { status: 202 },
        );
      }),
    );

    const request = await client.startRollout('12');

    expect(posted).toBe('POST');
    expect(request.state).toBe('rolling-out');
    expect(request.rollout).toEqual(
      expect.objectContaining({ status: 'queued', waitingFor: 'request 9' }),
    );
  });

  it('closes a request by posting its reason to its close route, leaving out an empty one', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(`${baseUrl}/requests/12/close`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({
          id: '12',
          entityRef: 'component:default/payments',
          state: 'closed',
          requester: 'user:default/alice',
          reason: 'allow the ledger',
          changes: [],
          createdAt: '2026-11-26T10:00:00Z',
          updatedAt: '2026-11-26T12:00:00Z',
          transitions: [],
        });
      }),
    );

    const closed = await client.closeRequest('12', {
      reason: ' the ledger stays out ',
    });
    await client.closeRequest('12', { reason: '  ' });

    expect(closed.state).toBe('closed');
    expect(bodies).toEqual([{ reason: 'the ledger stays out' }, {}]);
  });

  it("refuses a rollout whose approval does not hold with the server's reason", async () => {
    const reason =
      'Request 12 is not merged into main of the policy source; merge it first';
    server.use(
      http.post(`${baseUrl}/requests/12/rollout`, () =>
        HttpResponse.json(
          {
            error: { name: 'ConflictError', message: reason },
            request: {
              method: 'POST',
              url: '/api/netseal/requests/12/rollout',
            },
            response: { statusCode: 409 },
          },
          { status: 409 },
        ),
      ),
    );

    await expect(client.startRollout('12')).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 409,
      body: { error: { message: reason } },
    });
  });

  const outdatedGuard = {
    status: 'outdated',
    installed: true,
    bound: true,
    upToDate: false,
    enforcing: true,
    version: '1',
    expectedVersion: '2',
    rolloutUser: 'system:serviceaccount:netseal-system:netseal-rollout',
    reason: 'guard version 1 is installed, 2 is expected; upgrade the guard',
    checkedAt: '2026-11-26T12:00:00Z',
  } as const;

  it("reads a cluster's guard from its own route, the cluster's name escaped", async () => {
    let method = '';
    server.use(
      http.get(`${baseUrl}/clusters/prod%2Feu/guard`, ({ request }) => {
        method = request.method;
        return HttpResponse.json(outdatedGuard);
      }),
    );

    const guard = await client.getClusterGuard('prod/eu');

    expect(method).toBe('GET');
    expect(guard).toEqual(outdatedGuard);
  });

  it("installs a cluster's guard by posting to its guard route, answering the guard after", async () => {
    let posted: string | undefined;
    server.use(
      http.post(`${baseUrl}/clusters/prod-eu/guard`, async ({ request }) => {
        posted = request.method;
        return HttpResponse.json({
          ...outdatedGuard,
          status: 'protected',
          upToDate: true,
          version: '2',
          reason: undefined,
        });
      }),
    );

    const guard = await client.installClusterGuard('prod-eu');

    expect(posted).toBe('POST');
    expect(guard.status).toBe('protected');
    expect(guard.version).toBe('2');
  });

  it("refuses to install a guard without a rollout identity with the server's reason", async () => {
    const reason =
      'Cluster prod-eu has no rollout identity; set netseal.clusters[].rollout in app-config.yaml';
    server.use(
      http.post(`${baseUrl}/clusters/prod-eu/guard`, () =>
        HttpResponse.json(
          {
            error: { name: 'ConflictError', message: reason },
            request: {
              method: 'POST',
              url: '/api/netseal/clusters/prod-eu/guard',
            },
            response: { statusCode: 409 },
          },
          { status: 409 },
        ),
      ),
    );

    await expect(client.installClusterGuard('prod-eu')).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 409,
      body: { error: { message: reason } },
    });
  });

  it("throws Backstage's ResponseError with the server's message", async () => {
    server.use(
      http.get(`${baseUrl}/clusters`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'You may not read' },
            request: { method: 'GET', url: '/api/netseal/clusters' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );

    await expect(client.getClusters()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
      body: { error: { message: 'You may not read' } },
    });
  });
});
