import { wrapServer } from '@backstage/backend-openapi-utils/testUtils';
import { mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import type { PolicyDriftRecord } from '@netseal/backstage-plugin-netseal-common';
import express from 'express';
import request from 'supertest';
import type { AttestationRecord, DriftStore } from '../database';
import type { StoredRequest } from '../database/RequestStore';
import type { RestoreView } from '../restore/RestoreService';
import { ChangeProviderFailure } from '../errors/ChangeProviderFailure';
import { ConflictError } from '@backstage/errors';
import { createRouter, RouterOptions } from './router';

const PAYMENTS = 'component:default/payments';
const POLICIES = '/entities/component/default/payments/policies';

const drifted: PolicyDriftRecord = {
  entityRef: PAYMENTS,
  cluster: 'prod-eu',
  namespace: 'shop',
  name: 'allow-checkout',
  status: 'drifted',
  reason: 'the live policy differs from its seal',
  seal: `sha256:${'a'.repeat(64)}`,
  liveDigest: `sha256:${'b'.repeat(64)}`,
  differences: [
    { path: 'spec.ingress[0].ports[0].port', sealed: 8443, live: 9443 },
  ],
  checkedAt: '2026-12-06T09:00:00.000Z',
  statusChangedAt: '2026-12-06T08:59:00.000Z',
};

const stored: StoredRequest = {
  id: 'r1',
  entityRef: PAYMENTS,
  state: 'open',
  reason: 'checkout moved to 9443',
  requester: 'user:default/mock',
  providerId: 'local',
  changes: [
    {
      op: 'replace',
      cluster: 'prod-eu',
      namespace: 'shop',
      name: 'allow-checkout',
      file: 'prod-eu/allow-checkout.yaml',
    },
  ],
  createdAt: new Date('2026-12-06T09:00:00Z'),
  updatedAt: new Date('2026-12-06T09:00:00Z'),
};

const restoring: RestoreView = {
  restore: {
    id: 'x1',
    entityRef: PAYMENTS,
    cluster: 'prod-eu',
    namespace: 'shop',
    name: 'allow-checkout',
    driftStatus: 'drifted',
    seal: drifted.seal!,
    liveDigest: drifted.liveDigest,
    requestedBy: 'user:default/mock',
    selfHeal: false,
    createdAt: new Date('2026-12-07T09:00:00Z'),
  },
  rollout: {
    requestId: 'x1',
    kind: 'restore',
    status: 'queued',
    startedBy: 'user:default/mock',
    startedAt: new Date('2026-12-07T09:00:00Z'),
    approvedBy: [],
    changes: [],
    clusters: [],
  },
};

const attested: AttestationRecord = {
  id: 'r1',
  kind: 'request',
  entityRef: PAYMENTS,
  keyId: `sha256:${'c'.repeat(64)}`,
  envelope: {
    payloadType: 'application/vnd.in-toto+json',
    payload: 'e30=',
    signatures: [{ keyid: `sha256:${'c'.repeat(64)}`, sig: 'c2ln' }],
  },
  createdAt: new Date('2026-12-08T09:00:00Z'),
};

/** Which permissions the caller holds, by name; every other one is denied. */
function permissionsAllowing(...names: string[]) {
  return mockServices.permissions.mock({
    authorize: jest.fn(async (requests: EvaluatePermissionRequest[]) =>
      requests.map(({ permission }) => ({
        result: names.includes(permission.name)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      })),
    ),
  });
}

function services() {
  return {
    driftStore: {
      listEntityPolicies: jest.fn(async () => [drifted]),
      getSourceError: jest.fn(async () => undefined),
      listEntityRefs: jest.fn(async () => [
        PAYMENTS,
        'component:default/ledger',
      ]),
      listPolicies: jest.fn(async () => ({ items: [drifted], totalCount: 1 })),
    },
    requests: {
      preview: jest.fn(),
      create: jest.fn(async () => ({ request: stored, created: true })),
      getStored: jest.fn(async () => stored),
      get: jest.fn(async () => ({ request: stored })),
      listTransitions: jest.fn(async () => []),
      portalUrl: jest.fn(
        ({ id }: StoredRequest) =>
          `http://localhost:3000/catalog/default/component/payments/netseal?request=${id}`,
      ),
      policyStatuses: jest.fn(async () => [
        {
          cluster: 'prod-eu',
          namespace: 'shop',
          name: 'allow-checkout',
          status: 'drifted' as const,
        },
      ]),
      close: jest.fn(async () => ({
        request: { ...stored, state: 'closed' as const },
      })),
    },
    rollouts: {
      get: jest.fn(async () => undefined),
      start: jest.fn(),
    },
    attestations: {
      get: jest.fn(async () => attested),
    },
    restores: {
      start: jest.fn(async () => restoring),
      get: jest.fn(async () => restoring),
      listOfPolicy: jest.fn(async () => [restoring]),
    },
    guards: {
      cached: jest.fn(),
      check: jest.fn(),
      install: jest.fn(),
      uninstall: jest.fn(),
    },
  };
}

async function startRouter(options: {
  permissions: ReturnType<typeof permissionsAllowing>;
  fakes?: ReturnType<typeof services>;
}) {
  const fakes = options.fakes ?? services();
  const router = await createRouter({
    logger: mockServices.logger.mock(),
    httpAuth: mockServices.httpAuth(),
    permissions: options.permissions,
    catalog: catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'payments', namespace: 'default' },
        },
      ],
    }),
    database: {
      driftStore: fakes.driftStore as Partial<DriftStore> as DriftStore,
    },
    liveView: {
      clusterNames: () => [],
      status: jest.fn(),
      connection: jest.fn(),
      networkPolicies: () => [],
      clusterScopedPolicies: () => ({ objects: [], counted: [] }),
    },
    requests: fakes.requests as Partial<
      RouterOptions['requests']
    > as RouterOptions['requests'],
    rollouts: fakes.rollouts as Partial<
      RouterOptions['rollouts']
    > as RouterOptions['rollouts'],
    restores: fakes.restores,
    guards: fakes.guards as Partial<
      RouterOptions['guards']
    > as RouterOptions['guards'],
    attestations: fakes.attestations,
    provenance: { find: jest.fn() },
    compliance: { report: jest.fn() },
  });
  const app = express().use(router).use(mockErrorHandler());
  // wrapServer's proxy (which checks every answer against the API spec) forwards to
  // "localhost", and resolves it to ::1 when the port is open there too; not every
  // machine maps ::1 to localhost, so the app listens on 127.0.0.1 alone.
  const listen = app.listen.bind(app);
  app.listen = ((port: number) =>
    listen(port, '127.0.0.1')) as typeof app.listen;
  return { server: await wrapServer(app), fakes };
}

const REMOVAL = {
  op: 'remove',
  cluster: 'prod-eu',
  namespace: 'shop',
  name: 'allow-checkout',
};

const READ = 'netseal.policy.read';
const CREATE = 'netseal.request.create';
const REVIEW = 'netseal.request.review';
const ROLLOUT = 'netseal.rollout.execute';
const RESTORE = 'netseal.policy.restore';
const RESTORE_PATH = `${POLICIES}/prod-eu/shop/allow-checkout/restore`;

describe('createRouter', () => {
  it("answers an entity's policies with their counts and worst status", async () => {
    const { server } = await startRouter({
      permissions: permissionsAllowing(READ),
    });

    const response = await request(server).get(POLICIES);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      entityRef: PAYMENTS,
      worstStatus: 'drifted',
      counts: { drifted: 1, 'in-sync': 0 },
      items: [
        {
          cluster: 'prod-eu',
          name: 'allow-checkout',
          status: 'drifted',
          liveDigest: drifted.liveDigest,
        },
      ],
    });
  });

  it('refuses to read policies without netseal.policy.read, naming it, before reading the store', async () => {
    const { server, fakes } = await startRouter({
      permissions: permissionsAllowing(),
    });

    const response = await request(server).get(POLICIES);

    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      `You may not read the network policies of ${PAYMENTS} (permission netseal.policy.read)`,
    );
    expect(fakes.driftStore.listEntityPolicies).not.toHaveBeenCalled();
  });

  it('answers 404 for an entity the catalog does not hold', async () => {
    const { server } = await startRouter({
      permissions: permissionsAllowing(READ),
    });

    const response = await request(server).get(
      '/entities/component/default/nobody/policies',
    );

    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe(
      'No entity component:default/nobody in the catalog',
    );
  });

  it('lists the fleet with only the entities the caller may read', async () => {
    const { server, fakes } = await startRouter({
      permissions: mockServices.permissions.mock({
        authorize: jest.fn(async (requests: EvaluatePermissionRequest[]) =>
          requests.map(item => ({
            result:
              'resourceRef' in item && item.resourceRef === PAYMENTS
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          })),
        ),
      }),
    });

    const response = await request(server).get('/fleet/policies?limit=10');

    expect(response.status).toBe(200);
    expect(fakes.driftStore.listPolicies).toHaveBeenCalledWith(
      expect.objectContaining({ entityRefs: [PAYMENTS], limit: 10 }),
    );
  });

  it('refuses a limit that is not a number, as the API spec says', async () => {
    const { server } = await startRouter({
      permissions: permissionsAllowing(READ),
    });

    const response = await request(server).get('/fleet/policies?limit=many');

    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/limit/);
  });

  it('files a request as 201, and answers a retry with the same key as 200', async () => {
    const { server, fakes } = await startRouter({
      permissions: permissionsAllowing(READ, CREATE),
    });
    const body = {
      entityRef: PAYMENTS,
      reason: 'checkout moved to 9443',
      changes: [REMOVAL],
    };

    const first = await request(server)
      .post('/requests')
      .set('idempotency-key', 'k1')
      .send(body);
    fakes.requests.create.mockResolvedValueOnce({
      request: stored,
      created: false,
    });
    const retry = await request(server)
      .post('/requests')
      .set('idempotency-key', 'k1')
      .send(body);

    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(first.body).toMatchObject({ id: 'r1', state: 'open' });
    expect(fakes.requests.create).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: PAYMENTS,
        idempotencyKey: 'k1',
        actor: expect.objectContaining({ userEntityRef: 'user:default/mock' }),
      }),
    );
  });

  it('refuses to file without netseal.request.create and files nothing', async () => {
    const { server, fakes } = await startRouter({
      permissions: permissionsAllowing(READ),
    });

    const response = await request(server)
      .post('/requests')
      .send({ entityRef: PAYMENTS, reason: 'r', changes: [REMOVAL] });

    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      `You may not request changes to the network policies of ${PAYMENTS} (permission netseal.request.create)`,
    );
    expect(fakes.requests.create).not.toHaveBeenCalled();
  });

  it('answers a malformed entityRef with 400 naming the field', async () => {
    const { server } = await startRouter({
      permissions: permissionsAllowing(READ, CREATE),
    });

    const response = await request(server)
      .post('/requests/preview')
      .send({ entityRef: 'not a ref:', changes: [REMOVAL] });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/^entityRef "not a ref:"/);
  });

  it("answers a Git host's failure as 503 with its reason, not 500", async () => {
    const fakes = services();
    fakes.requests.create.mockRejectedValueOnce(
      new ChangeProviderFailure('timeout', 'GitHub did not answer in 30 s'),
    );
    const { server } = await startRouter({
      permissions: permissionsAllowing(READ, CREATE),
      fakes,
    });

    const response = await request(server)
      .post('/requests')
      .send({ entityRef: PAYMENTS, reason: 'r', changes: [REMOVAL] });

    expect(response.status).toBe(503);
    expect(response.body.error.message).toBe(
      'the Git host failed (timeout): GitHub did not answer in 30 s',
    );
  });

  it('starts a rollout with 202 only for a caller holding netseal.rollout.execute', async () => {
    const denied = await startRouter({
      permissions: permissionsAllowing(READ),
    });
    const allowed = await startRouter({
      permissions: permissionsAllowing(READ, ROLLOUT),
    });

    const refused = await request(denied.server).post('/requests/r1/rollout');
    const started = await request(allowed.server).post('/requests/r1/rollout');

    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(
      /\(permission netseal\.rollout\.execute\)$/,
    );
    expect(denied.fakes.rollouts.start).not.toHaveBeenCalled();
    expect(started.status).toBe(202);
    expect(allowed.fakes.rollouts.start).toHaveBeenCalledWith(
      'r1',
      expect.objectContaining({ userEntityRef: 'user:default/mock' }),
    );
  });

  it("answers a local request's url with its portal page, and its detail with its policies' drift status now", async () => {
    const fakes = services();
    const local = {
      ...stored,
      changeRef: {
        providerId: 'local',
        policySourceUrl: 'file:///srv/policies/payments',
        branch: 'netseal/request-r1',
        changeId: 'r1',
        url: 'file:///srv/policies?branch=netseal/request-r1',
      },
    };
    fakes.requests.get.mockResolvedValue({ request: local });
    const { server } = await startRouter({
      permissions: permissionsAllowing(READ),
      fakes,
    });

    const response = await request(server).get('/requests/r1');

    const page =
      'http://localhost:3000/catalog/default/component/payments/netseal?request=r1';
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      url: page,
      portalUrl: page,
      branch: 'netseal/request-r1',
      policyStatuses: [
        {
          cluster: 'prod-eu',
          namespace: 'shop',
          name: 'allow-checkout',
          status: 'drifted',
        },
      ],
    });
    expect(response.body).not.toHaveProperty('asFiled');
  });

  it('lets the requester close their own request, and anyone else only with netseal.request.review', async () => {
    const requester = await startRouter({
      permissions: permissionsAllowing(READ),
    });
    const other = { ...stored, requester: 'user:default/jane' };
    const stranger = await startRouter({
      permissions: permissionsAllowing(READ),
    });
    stranger.fakes.requests.getStored.mockResolvedValue(other);
    stranger.fakes.requests.get.mockResolvedValue({ request: other });
    const reviewer = await startRouter({
      permissions: permissionsAllowing(READ, REVIEW),
    });
    reviewer.fakes.requests.getStored.mockResolvedValue(other);
    reviewer.fakes.requests.get.mockResolvedValue({ request: other });

    const own = await request(requester.server)
      .post('/requests/r1/close')
      .send({ reason: 'checkout stays on 8443' });
    const refused = await request(stranger.server)
      .post('/requests/r1/close')
      .send({});
    const reviewed = await request(reviewer.server)
      .post('/requests/r1/close')
      .send({});

    expect(own.status).toBe(200);
    expect(own.body.state).toBe('closed');
    expect(requester.fakes.requests.close).toHaveBeenCalledWith(
      'r1',
      expect.objectContaining({
        reason: 'checkout stays on 8443',
        actor: expect.objectContaining({ userEntityRef: 'user:default/mock' }),
      }),
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      `You may not close requests filed by others for ${PAYMENTS} (permission netseal.request.review)`,
    );
    expect(stranger.fakes.requests.close).not.toHaveBeenCalled();
    expect(reviewed.status).toBe(200);
  });

  it('refuses to install a guard without netseal.guard.manage, naming the cluster', async () => {
    const { server, fakes } = await startRouter({
      permissions: permissionsAllowing(READ),
    });

    const response = await request(server).post('/clusters/prod-eu/guard');

    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      'You may not install the admission guard of cluster prod-eu (permission netseal.guard.manage)',
    );
    expect(fakes.guards.install).not.toHaveBeenCalled();
  });

  it('refuses to uninstall a guard without netseal.guard.manage, naming the cluster', async () => {
    const { server, fakes } = await startRouter({
      permissions: permissionsAllowing(READ),
    });

    const response = await request(server).delete('/clusters/prod-eu/guard');

    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      'You may not uninstall the admission guard of cluster prod-eu (permission netseal.guard.manage)',
    );
    expect(fakes.guards.uninstall).not.toHaveBeenCalled();
  });

  it('starts a restore with 202 and its id only for a caller holding netseal.policy.restore', async () => {
    const denied = await startRouter({
      permissions: permissionsAllowing(READ),
    });
    const allowed = await startRouter({
      permissions: permissionsAllowing(READ, RESTORE),
    });

    const refused = await request(denied.server).post(RESTORE_PATH);
    const started = await request(allowed.server).post(RESTORE_PATH);

    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'You may not restore the sealed policies of component:default/payments (permission netseal.policy.restore)',
    );
    expect(denied.fakes.restores.start).not.toHaveBeenCalled();
    expect(started.status).toBe(202);
    expect(started.body).toEqual(
      expect.objectContaining({
        id: 'x1',
        driftStatus: 'drifted',
        seal: drifted.seal,
        rollout: expect.objectContaining({ status: 'queued' }),
      }),
    );
    expect(allowed.fakes.restores.start).toHaveBeenCalledWith(
      {
        entityRef: PAYMENTS,
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
      },
      expect.objectContaining({ userEntityRef: 'user:default/mock' }),
    );
  });

  it("answers a restore the service refuses as 409 with the service's reason", async () => {
    const fakes = services();
    fakes.restores.start.mockRejectedValue(
      new ConflictError(
        'shop/allow-checkout in prod-eu is in-sync: the live policy matches its seal, so there is nothing to restore',
      ),
    );
    const { server } = await startRouter({
      permissions: permissionsAllowing(READ, RESTORE),
      fakes,
    });

    const response = await request(server).post(RESTORE_PATH);

    expect(response.status).toBe(409);
    expect(response.body.error.message).toContain('is in-sync');
  });

  it('shows a restore only to a caller who may read its entity', async () => {
    const reader = await startRouter({
      permissions: permissionsAllowing(READ),
    });
    const stranger = await startRouter({ permissions: permissionsAllowing() });

    const shown = await request(reader.server).get('/restores/x1');
    const hidden = await request(stranger.server).get('/restores/x1');

    expect(shown.status).toBe(200);
    expect(shown.body.rollout.status).toBe('queued');
    expect(hidden.status).toBe(403);
  });

  it('refuses a reachability mode other than live or sealed, as the API spec says', async () => {
    const { server } = await startRouter({
      permissions: permissionsAllowing(READ),
    });

    const response = await request(server).get(
      '/entities/component/default/payments/reachability?mode=both',
    );

    expect(response.status).toBe(400);
  });

  it('serves an attestation to whoever may read the policies of its entity, and no one else', async () => {
    const allowed = await startRouter({
      permissions: permissionsAllowing(READ),
    });
    const denied = await startRouter({ permissions: permissionsAllowing() });

    const served = await request(allowed.server).get('/attestations/r1');
    const refused = await request(denied.server).get('/attestations/r1');

    expect(served.status).toBe(200);
    expect(served.body).toEqual({
      ...attested,
      createdAt: '2026-12-08T09:00:00.000Z',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      `You may not read the attestations of ${PAYMENTS} (permission netseal.policy.read)`,
    );
  });
});
