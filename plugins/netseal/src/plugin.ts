import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { netsealApiRef, NetsealClient } from './api';
import { rootRouteRef } from './routes';

/** Netseal for Backstage's legacy frontend system. @public */
export const netsealPlugin = createPlugin({
  id: 'netseal',
  apis: [
    createApiFactory({
      api: netsealApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new NetsealClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** @public */
export const NetsealPage = netsealPlugin.provide(
  createRoutableExtension({
    name: 'NetsealPage',
    component: () =>
      import('./components/NetsealPage').then(m => m.NetsealPage),
    mountPoint: rootRouteRef,
  }),
);
