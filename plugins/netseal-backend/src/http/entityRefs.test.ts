import { ResponseError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import {
  paymentsEntity,
  permissionsAllowing,
  startTestRouter,
} from './__testUtils__/startTestRouter';

const READ = 'netseal.policy.read';
const CREATE = 'netseal.request.create';
const REMOVAL = {
  op: 'remove',
  cluster: 'prod-eu',
  namespace: 'shop',
  name: 'allow-checkout',
};

/** A catalog holding payments whose every call is recorded. */
function recordingCatalog() {
  const holding = catalogServiceMock({ entities: [paymentsEntity] });
  return catalogServiceMock.mock({
    getEntityByRef: jest.fn((ref, options) =>
      holding.getEntityByRef(ref, options),
    ),
  });
}

/**
 * Entity refs are checked by Netseal before the catalog is asked: a body's `entityRef` and
 * a path's kind, namespace and name. A bad one answers 400 naming the field or the
 * segment, in Netseal's words, with the bad value escaped so the message itself carries no
 * control character; the catalog is never called.
 */
// Each case starts the router over HTTP with its spec check, 2-3 s apiece on the loaded
// build machine, where Jest's 5 s default was exceeded: a bound, not a speed.
jest.setTimeout(30_000);

describe('entity refs', () => {
  it.each([
    [
      'a control character in the name',
      'component:default/pay\u0001ments',
      /name "pay\\u0001ments" is not a name/,
    ],
    [
      'a NUL in the name',
      'component:default/pay\u0000ments',
      /name "pay\\u0000ments" is not a name/,
    ],
    [
      'an ANSI escape before the kind',
      '\u001b[31mcomponent:default/payments',
      /kind "\\u001b\[31mcomponent" is not a kind/,
    ],
    [
      'a right-to-left override in the name',
      'component:default/payments\u202e',
      /name "payments\\u202e" is not a name/,
    ],
    [
      'a zero-width space in the namespace',
      'component:de\u200bfault/payments',
      /namespace "de\\u200bfault" is not a namespace/,
    ],
    [
      'a namespace with an underscore',
      'component:bad_ns/payments',
      /namespace "bad_ns" is not a namespace/,
    ],
    [
      'a name longer than 63',
      `component:default/${'p'.repeat(64)}`,
      /name "p+" is not a name/,
    ],
    [
      'no kind',
      'payments',
      /^entityRef "payments" is not an entity ref; write kind:namespace\/name/,
    ],
    [
      'no name',
      'not a ref:',
      /^entityRef "not a ref:" is not an entity ref; write kind:namespace\/name/,
    ],
    ['nothing', '', /^entityRef is required/],
    [
      'more than 255 characters',
      `component:default/${'p'.repeat(300)}`,
      /entityRef/,
    ],
  ])(
    'refuses an entityRef with %s with 400 naming it, before asking the catalog',
    async (_case, entityRef, message) => {
      const catalog = recordingCatalog();
      const { server, fakes } = await startTestRouter({
        permissions: permissionsAllowing(READ, CREATE),
        catalog,
      });

      const preview = await request(server)
        .post('/requests/preview')
        .send({ entityRef, changes: [REMOVAL] });
      const create = await request(server)
        .post('/requests')
        .send({ entityRef, reason: 'tidy up', changes: [REMOVAL] });

      for (const response of [preview, create]) {
        expect(response.status).toBe(400);
        expect(response.body.error.name).toBe('InputError');
        expect(response.body.error.message).toMatch(message);
        expect(response.body.error.message).toMatch(/entityRef/);
        expect(response.body.error.message).not.toMatch(
          /\p{Cc}|\u200b|\u202e/u,
        );
        expect(response.body.error.cause).toBeUndefined();
      }
      expect(catalog.getEntityByRef).not.toHaveBeenCalled();
      expect(fakes.requests.preview).not.toHaveBeenCalled();
      expect(fakes.requests.create).not.toHaveBeenCalled();
    },
  );

  it.each([
    [
      'kind',
      '/entities/comp%01onent/default/payments/policies',
      /path segment kind "comp\\u0001onent"/,
    ],
    [
      'namespace',
      '/entities/component/de%1Bfault/payments/history',
      /path segment namespace "de\\u001bfault"/,
    ],
    [
      'name',
      '/entities/component/default/pay%00ments/reachability',
      /path segment name "pay\\u0000ments"/,
    ],
    [
      'name',
      '/entities/component/default/pay%E2%80%AEments/policies',
      /path segment name "pay\\u202ements"/,
    ],
    [
      'name',
      '/entities/component/default/pay%20ments/policies/prod-eu/shop/allow-checkout',
      /path segment name "pay ments"/,
    ],
  ])(
    'refuses a path whose %s is not a catalog name (%s) with 400 naming the segment',
    async (_segment, path, message) => {
      const catalog = recordingCatalog();
      const { server } = await startTestRouter({
        permissions: permissionsAllowing(READ),
        catalog,
      });

      const response = await request(server).get(path);

      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
      expect(response.body.error.message).not.toMatch(/\p{Cc}/u);
      expect(catalog.getEntityByRef).not.toHaveBeenCalled();
    },
  );

  it('passes a well-formed ref on to the catalog', async () => {
    const catalog = recordingCatalog();
    const { server } = await startTestRouter({
      permissions: permissionsAllowing(READ, CREATE),
      catalog,
    });

    const response = await request(server)
      .post('/requests/preview')
      .send({ entityRef: 'component:default/payments', changes: [REMOVAL] });

    expect(response.status).toBe(200);
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(
      'component:default/payments',
      expect.anything(),
    );
  });

  it.each([
    [
      500,
      503,
      /^the catalog could not be asked for component:default\/payments; try again later$/,
    ],
    [
      400,
      400,
      /^entityRef component:default\/payments: the catalog refused it \(400\)/,
    ],
  ])(
    "answers the catalog's %s as %s in Netseal's words, without the catalog's request or stack",
    async (catalogStatus, status, message) => {
      const catalogError = await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'Error',
              message: 'boom in the catalog',
              stack:
                'Error: boom\n    at /srv/backstage/node_modules/catalog.js:1:1',
            },
            request: {
              method: 'GET',
              url: '/api/catalog/entities/by-name/component/default/payments',
            },
            response: { statusCode: catalogStatus },
          }),
          {
            status: catalogStatus,
            headers: { 'content-type': 'application/json' },
          },
        ),
      );
      const { server } = await startTestRouter({
        permissions: permissionsAllowing(READ),
        catalog: catalogServiceMock.mock({
          getEntityByRef: jest.fn(async () => {
            throw catalogError;
          }),
        }),
      });

      const response = await request(server).get(
        '/entities/component/default/payments/policies',
      );

      expect(response.status).toBe(status);
      expect(response.body.error.message).toMatch(message);
      const text = JSON.stringify(response.body);
      expect(text).not.toContain('/api/catalog');
      expect(text).not.toContain('boom');
      expect(text).not.toContain('node_modules');
    },
  );
});
