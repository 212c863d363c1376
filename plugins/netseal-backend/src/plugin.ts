import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createRouter } from './router';

/**
 * Netseal's backend plugin: cluster access, drift engine, requests and rollouts.
 *
 * @public
 */
export const netsealPlugin = createBackendPlugin({
  pluginId: 'netseal',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
      },
      async init({ logger, httpRouter }) {
        httpRouter.use(await createRouter({ logger }));
        // Load balancers and uptime checks call this without a Backstage token.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
