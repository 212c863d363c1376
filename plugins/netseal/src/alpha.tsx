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
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import SecurityIcon from '@material-ui/icons/Security';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { netsealApiRef, NetsealClient } from './api';
import { isNetsealAvailable } from './isNetsealAvailable';
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
    title: 'Netseal',
    icon: <SecurityIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    // The app's plugin header carries the title in the new frontend system.
    loader: () =>
      import('./components/NetsealPage').then(m => <m.NetsealPageContent />),
  },
});

/** The "Network policies" tab, on entities that name a policy source. */
const netsealEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'netseal',
    title: 'Network policies',
    filter: isNetsealAvailable,
    loader: () =>
      import('./components/EntityNetsealContent').then(m => (
        <m.EntityNetsealContent />
      )),
  },
});

/** The overview card, on entities that name a policy source. */
const netsealEntityCard = EntityCardBlueprint.make({
  params: {
    filter: isNetsealAvailable,
    loader: () =>
      import('./components/EntityNetsealCard').then(m => (
        <m.EntityNetsealCard />
      )),
  },
});

/** @alpha */
export default createFrontendPlugin({
  pluginId: 'netseal',
  title: 'Netseal',
  icon: <SecurityIcon />,
  info: { packageJson: () => import('../package.json') },
  extensions: [
    netsealApi,
    netsealPage,
    netsealEntityContent,
    netsealEntityCard,
  ],
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
});
