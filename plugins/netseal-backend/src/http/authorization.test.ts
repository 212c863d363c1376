import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { Authorization } from './authorization';
import type { IncomingRequest } from './NetsealRouter';

const PAYMENTS = { kind: 'component', namespace: 'default', name: 'payments' };

function setup(options: { allow: (user: string) => boolean }) {
  const catalog = catalogServiceMock({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'payments', namespace: 'default' },
      },
    ],
  });
  const catalogReads = jest.spyOn(catalog, 'getEntityByRef');
  const authorize = jest.fn(
    async (
      requests: EvaluatePermissionRequest[],
      { credentials }: { credentials: unknown },
    ) => {
      const user = (credentials as { principal: { userEntityRef: string } })
        .principal.userEntityRef;
      return requests.map(() => ({
        result: options.allow(user)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      }));
    },
  );
  const authorization = new Authorization({
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions.mock({ authorize }),
    catalog,
    logger: mockServices.logger.mock(),
  });
  const pageLoad = (user: string) =>
    authorization.entity(
      {
        headers: { authorization: mockCredentials.user.header(user) },
      } as IncomingRequest,
      PAYMENTS,
    );
  return { pageLoad, catalogReads, authorize };
}

describe('Authorization under many page loads at once', () => {
  it('reads the catalog once and asks the permission framework in a few batches for one caller', async () => {
    const { pageLoad, catalogReads, authorize } = setup({ allow: () => true });

    const results = await Promise.all(
      Array.from({ length: 200 }, () => pageLoad('user:default/jane')),
    );

    expect(results.map(r => r.entityRef)).toEqual(
      Array(200).fill('component:default/payments'),
    );
    expect(catalogReads).toHaveBeenCalledTimes(1);
    expect(authorize.mock.calls.length).toBeLessThanOrEqual(2);
    // Each batch asks each distinct check once.
    for (const [requests] of authorize.mock.calls) {
      expect(requests).toHaveLength(1);
    }
  });

  it('never answers one caller with what was read or decided for another', async () => {
    const { pageLoad, catalogReads, authorize } = setup({
      allow: user => user === 'user:default/jane',
    });

    const [jane, sam] = await Promise.allSettled([
      pageLoad('user:default/jane'),
      pageLoad('user:default/sam'),
    ]);

    expect(jane.status).toBe('fulfilled');
    expect(sam).toMatchObject({
      status: 'rejected',
      reason: {
        name: 'NotAllowedError',
        message:
          'You may not read the network policies of component:default/payments (permission netseal.policy.read)',
      },
    });
    expect(catalogReads).toHaveBeenCalledTimes(2);
    expect(authorize).toHaveBeenCalledTimes(2);
  });

  it('asks the permission framework again on every page load after the batch', async () => {
    let allowed = true;
    const { pageLoad, authorize } = setup({ allow: () => allowed });
    await pageLoad('user:default/jane');

    allowed = false;

    await expect(pageLoad('user:default/jane')).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
    expect(authorize).toHaveBeenCalledTimes(2);
  });
});
