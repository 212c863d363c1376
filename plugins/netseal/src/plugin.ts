import {
  createApiFactory,
  createComponentExtension,
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

/** The fleet page: clusters, counts by status, and the policies that need attention. @public */
export const NetsealPage = netsealPlugin.provide(
  createRoutableExtension({
    name: 'NetsealPage',
    component: () =>
      import('./components/NetsealPage').then(m => m.NetsealPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The entity's "Network policies" tab. Mount it at `/netseal` in `EntityLayout.Route`
 * with `if={isNetsealAvailable}`; the overview card links there.
 *
 * @public
 */
export const EntityNetsealContent = netsealPlugin.provide(
  createComponentExtension({
    name: 'EntityNetsealContent',
    component: {
      lazy: () =>
        import('./components/EntityNetsealContent').then(
          m => m.EntityNetsealContent,
        ),
    },
  }),
);

/** The entity overview card: counts by status, the worst status, a link to the tab. @public */
export const EntityNetsealCard = netsealPlugin.provide(
  createComponentExtension({
    name: 'EntityNetsealCard',
    component: {
      lazy: () =>
        import('./components/EntityNetsealCard').then(m => m.EntityNetsealCard),
    },
  }),
);
