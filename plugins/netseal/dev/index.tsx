import { Entity } from '@backstage/catalog-model';
import { createRoutableExtension } from '@backstage/core-plugin-api';
import { createDevApp } from '@backstage/dev-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import { POLICY_SOURCE_ANNOTATION } from '@netseal/backstage-plugin-netseal-common';
import {
  EntityNetsealCard,
  EntityNetsealContent,
  netsealPlugin,
  NetsealPage,
} from '../src';

/** The demo's payments service, as the catalog of `yarn start` holds it. */
const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: {
      [POLICY_SOURCE_ANNOTATION]: 'dir:./demo/policies/payments',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'guests' },
};

/**
 * Stands in for the catalog's entity page, which the card and the fleet table link to;
 * it always shows payments.
 */
const DevEntityPage = netsealPlugin.provide(
  createRoutableExtension({
    name: 'DevEntityPage',
    mountPoint: entityRouteRef,
    component: async () => () =>
      (
        <EntityProvider entity={payments}>
          <Box p={3}>
            <EntityNetsealCard />
            <Box mt={3}>
              <EntityNetsealContent />
            </Box>
          </Box>
        </EntityProvider>
      ),
  }),
);

// `yarn start` in this folder serves the plugin alone (legacy frontend system) against
// a backend on :7007, such as the demo's.
createDevApp()
  .registerPlugin(netsealPlugin)
  .addPage({ element: <NetsealPage />, title: 'Netseal', path: '/netseal' })
  .addPage({
    element: <DevEntityPage />,
    title: 'payments',
    path: '/catalog/:namespace/:kind/:name',
  })
  .render();
