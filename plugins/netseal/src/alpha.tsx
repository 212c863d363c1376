/**
 * Netseal's portal plugin for Backstage's new frontend system.
 *
 * @packageDocumentation
 */
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { netsealApiRef, NetsealClient } from './api';
import { rootRouteRef } from './routes';

const netsealApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: netsealApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new NetsealClient({ discoveryApi, fetchApi }),
    }),
});

const netsealPage = PageBlueprint.make({
  params: {
    path: '/netseal',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/NetsealPage').then(m => <m.NetsealPage />),
  },
});

/** @alpha */
export default createFrontendPlugin({
  pluginId: 'netseal',
  info: { packageJson: () => import('../package.json') },
  extensions: [netsealApi, netsealPage],
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
});
