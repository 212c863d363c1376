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
import SecurityIcon from '@material-ui/icons/Security';
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
    title: 'Netseal',
    icon: <SecurityIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    // The app's plugin header carries the title in the new frontend system.
    loader: () =>
      import('./components/NetsealPage').then(m => <m.NetsealPageContent />),
  },
});

/** @alpha */
export default createFrontendPlugin({
  pluginId: 'netseal',
  title: 'Netseal',
  icon: <SecurityIcon />,
  info: { packageJson: () => import('../package.json') },
  extensions: [netsealApi, netsealPage],
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
});
