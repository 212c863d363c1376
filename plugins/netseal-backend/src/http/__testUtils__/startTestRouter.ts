import { wrapServer } from '@backstage/backend-openapi-utils/testUtils';
import { mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import express from 'express';
import type { DriftStore } from '../../database';
import type { StoredRequest } from '../../database/RequestStore';
import { createRouter, RouterOptions } from '../router';

export const PAYMENTS = 'component:default/payments';

export const storedRequest: StoredRequest = {
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

/** Which permissions the caller holds, by name; every other one is denied. */
export function permissionsAllowing(...names: string[]) {
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

/** The services the router asks, as jest mocks answering one open request. */
export function routerServices() {
  return {
    driftStore: {
      listEntityPolicies: jest.fn(async () => []),
      getSourceError: jest.fn(async () => undefined),
      listEntityRefs: jest.fn(async () => [PAYMENTS]),
      listPolicies: jest.fn(async () => ({ items: [], totalCount: 0 })),
      listHistory: jest.fn(async () => []),
    },
    requests: {
      preview: jest.fn(async () => ({
        ok: true as const,
        providerId: 'local',
        changes: [],
        accessChanges: [],
      })),
      create: jest.fn(async () => ({ request: storedRequest, created: true })),
      list: jest.fn(async () => ({ items: [], totalCount: 0 })),
      listEntityRefs: jest.fn(async () => [PAYMENTS]),
      getStored: jest.fn(async () => storedRequest),
      get: jest.fn(async () => ({ request: storedRequest })),
      listTransitions: jest.fn(async () => []),
      review: jest.fn(async () => ({ request: storedRequest })),
    },
    rollouts: {
      get: jest.fn(async () => undefined),
      start: jest.fn(),
    },
    restores: {
      start: jest.fn(),
      get: jest.fn(async () => undefined),
      listOfPolicy: jest.fn(async () => []),
    },
    guards: { cached: jest.fn(), check: jest.fn(), install: jest.fn() },
    // Not served by the tests that use this router; router.test.ts covers the route.
    attestations: { get: jest.fn() },
    provenance: { find: jest.fn(async () => undefined) },
    compliance: { report: jest.fn() },
  };
}

/** The payments component, as the catalog holds it. */
export const paymentsEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'default' },
};

/**
 * Netseal's router alone, over HTTP on 127.0.0.1, with every answer checked against the
 * API spec by `wrapServer`, Backstage's test error handler behind it, and mocked services.
 */
export async function startTestRouter(options: {
  permissions: ReturnType<typeof permissionsAllowing>;
  fakes?: ReturnType<typeof routerServices>;
  catalog?: CatalogService;
}) {
  const fakes = options.fakes ?? routerServices();
  const catalog =
    options.catalog ?? catalogServiceMock({ entities: [paymentsEntity] });
  const router = await createRouter({
    logger: mockServices.logger.mock(),
    httpAuth: mockServices.httpAuth(),
    permissions: options.permissions,
    catalog,
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
    restores: fakes.restores as Partial<
      RouterOptions['restores']
    > as RouterOptions['restores'],
    guards: fakes.guards as Partial<
      RouterOptions['guards']
    > as RouterOptions['guards'],
    attestations: fakes.attestations,
    provenance: fakes.provenance,
    compliance: fakes.compliance,
  });
  const app = express().use(router).use(mockErrorHandler());
  // wrapServer's proxy forwards to "localhost", which may resolve to ::1; the app
  // listens on 127.0.0.1 alone (see router.test.ts).
  const listen = app.listen.bind(app);
  app.listen = ((port: number) =>
    listen(port, '127.0.0.1')) as typeof app.listen;
  return {
    server: await wrapServer(app),
    // wrapServer checks JSON answers only; a CSV answer is asked of the app itself and
    // checked by its text.
    unchecked: app,
    fakes,
    catalog,
  };
}
