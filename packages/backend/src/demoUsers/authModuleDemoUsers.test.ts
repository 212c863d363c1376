import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import authPlugin from '@backstage/plugin-auth-backend';
import request from 'supertest';
import { authModuleDemoUsers } from './authModuleDemoUsers';
import { DEMO_USER_HEADER } from './demoUserAuthenticator';

const riley = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'riley', namespace: 'default' },
  spec: {
    profile: { displayName: 'Riley Reviewer', email: 'riley@example.com' },
    memberOf: ['network-reviewers'],
  },
  // What the catalog's processing derives from memberOf, and sign-in reads.
  relations: [
    { type: 'memberOf', targetRef: 'group:default/network-reviewers' },
  ],
};

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map(stop => stop()));
});

async function startAuthBackend() {
  const backend = await startTestBackend({
    features: [
      authPlugin,
      authModuleDemoUsers,
      catalogServiceMock.factory({ entities: [riley] }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          auth: {
            providers: {
              demo: { users: ['user:default/riley', 'user:default/nobody'] },
            },
          },
        },
      }),
    ],
  });
  stops.push(() => backend.stop());
  return backend.server;
}

function refresh(server: Awaited<ReturnType<typeof startAuthBackend>>) {
  return request(server)
    .get('/api/auth/demo/refresh')
    .set('X-Requested-With', 'XMLHttpRequest');
}

describe('the demo auth provider', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  describe('in development', () => {
    beforeEach(() => {
      process.env.NODE_ENV = 'development';
    });

    it('signs in as the listed catalog user the header names, with the catalog profile and groups', async () => {
      const server = await startAuthBackend();

      const response = await refresh(server).set(
        DEMO_USER_HEADER,
        'user:default/riley',
      );

      expect(response.status).toBe(200);
      expect(response.body.profile).toEqual({
        displayName: 'Riley Reviewer',
        email: 'riley@example.com',
      });
      expect(response.body.backstageIdentity.identity).toEqual({
        type: 'user',
        userEntityRef: 'user:default/riley',
        ownershipEntityRefs: expect.arrayContaining([
          'user:default/riley',
          'group:default/network-reviewers',
        ]),
      });
    });

    it('refuses a user that auth.providers.demo.users does not list, naming the ones it does', async () => {
      const server = await startAuthBackend();

      const response = await refresh(server).set(
        DEMO_USER_HEADER,
        'user:default/mallory',
      );

      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain(
        'name one of auth.providers.demo.users: user:default/riley, user:default/nobody',
      );
    });

    it('refuses a listed user the catalog does not know', async () => {
      const server = await startAuthBackend();

      const response = await refresh(server).set(
        DEMO_USER_HEADER,
        'user:default/nobody',
      );

      expect(response.status).toBe(404);
    });
  });

  it('refuses to sign anyone in outside development', async () => {
    process.env.NODE_ENV = 'production';
    const server = await startAuthBackend();

    const response = await refresh(server).set(
      DEMO_USER_HEADER,
      'user:default/riley',
    );

    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain('NODE_ENV=development');
  });
});
