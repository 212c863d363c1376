import { createBackendModule } from '@backstage/backend-plugin-api';
import { isUserEntity } from '@backstage/catalog-model';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { demoUserAuthenticator } from './demoUserAuthenticator';

/**
 * Development only: the auth provider `demo`, which signs in as one of the catalog users
 * that `auth.providers.demo.users` lists, so that the demo has a reviewer besides the
 * guest who files a request. The auth backend serves it only where
 * `auth.providers.demo` is configured (scripts/start.sh and scripts/e2e-backend.sh
 * write that), and it refuses to sign anyone in unless NODE_ENV=development.
 */
export const authModuleDemoUsers = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-users',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory({
            authenticator: demoUserAuthenticator,
            // The Settings page shows the profile; the catalog user's own is the one to show.
            async profileTransform(result, ctx) {
              const { entity } = await ctx.findCatalogUser({
                entityRef: result.userEntityRef,
              });
              const profile = isUserEntity(entity) ? entity.spec.profile : {};
              return {
                profile: {
                  displayName: profile?.displayName,
                  email: profile?.email,
                  picture: profile?.picture,
                },
              };
            },
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: result.userEntityRef }),
          }),
        });
      },
    });
  },
});
