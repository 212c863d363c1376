import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * Development only: replaces the app's sign-in page (guest only) with the demo's, which
 * also offers the reviewer. See packages/backend/src/demoUsers.
 */
export const demoSignInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        loader: async () => (await import('./DemoSignInPage')).DemoSignInPage,
      },
    }),
  ],
});
