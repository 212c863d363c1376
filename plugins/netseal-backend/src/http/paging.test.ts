import request from 'supertest';
import {
  permissionsAllowing,
  startTestRouter,
} from './__testUtils__/startTestRouter';

const HISTORY = '/entities/component/default/payments/history';
const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Paging parameters are numbers a database can page by: a value beyond JavaScript's safe
 * integers would be rounded (99999999999999999999999 becomes 1e+23), so it is refused
 * with a 400 naming the parameter, before any store is asked.
 */
// Each case starts the router over HTTP with its spec check, 2-3 s apiece on the loaded
// build machine, where Jest's 5 s default was exceeded: a bound, not a speed.
jest.setTimeout(30_000);

describe('paging parameters', () => {
  it.each([
    ['/requests', 'offset', '99999999999999999999999'],
    ['/requests', 'offset', String(SAFE + 1)],
    ['/requests', 'offset', '1e300'],
    ['/requests', 'offset', '-1'],
    ['/requests', 'limit', '99999999999999999999999'],
    ['/requests', 'limit', '0'],
    ['/fleet/policies', 'offset', '99999999999999999999999'],
    ['/fleet/policies', 'offset', String(SAFE + 1)],
    ['/fleet/policies', 'limit', String(SAFE + 1)],
    [HISTORY, 'before', '99999999999999999999999'],
    [HISTORY, 'before', String(SAFE + 1)],
    [HISTORY, 'limit', '1e300'],
  ])('refuses %s?%s=%s with 400 naming it', async (path, name, value) => {
    const { server, fakes } = await startTestRouter({
      permissions: permissionsAllowing('netseal.policy.read'),
    });

    const response = await request(server).get(`${path}?${name}=${value}`);

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(`query/${name} must be`);
    expect(fakes.requests.list).not.toHaveBeenCalled();
    expect(fakes.driftStore.listPolicies).not.toHaveBeenCalled();
    expect(fakes.driftStore.listHistory).not.toHaveBeenCalled();
  });

  it.each([
    ['/requests', 'offset', String(SAFE)],
    ['/fleet/policies', 'offset', String(SAFE)],
    [HISTORY, 'before', String(SAFE)],
  ])(
    'passes %s?%s=%s, the largest safe integer, on unchanged',
    async (path, name, value) => {
      const { server, fakes } = await startTestRouter({
        permissions: permissionsAllowing('netseal.policy.read'),
      });

      const response = await request(server).get(`${path}?${name}=${value}`);

      expect(response.status).toBe(200);
      const calls = [
        ...fakes.requests.list.mock.calls,
        ...fakes.driftStore.listPolicies.mock.calls,
        ...fakes.driftStore.listHistory.mock.calls,
      ] as unknown[][];
      expect(calls).toEqual([[expect.objectContaining({ [name]: SAFE })]]);
    },
  );
});
