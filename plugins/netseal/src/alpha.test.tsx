import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import netsealPlugin from './alpha';
import { netsealApiRef } from './api';
import {
  fleetClusters,
  fleetPolicies,
  fleetSummary,
} from './__fixtures__/fleet';
import { ledgerEntity, paymentsEntity } from './__fixtures__/paymentsEntity';
import { paymentsPolicies } from './__fixtures__/paymentsPolicies';
import { paymentsReachability } from './__fixtures__/paymentsReachability';
import { stubNetsealApi } from './__testUtils__/stubNetsealApi';
import { clusterGuardedBy, unprotectedGuard } from './__fixtures__/guards';

const api = stubNetsealApi({
  getHealth: async () => ({ status: 'ok' }),
  getClusters: async () => ({ items: fleetClusters }),
  getFleetSummary: async () => fleetSummary,
  getFleetPolicies: async () => ({ items: fleetPolicies, totalCount: 2 }),
  getEntityPolicies: async () => paymentsPolicies(),
  getEntityReachability: async () => ({ items: paymentsReachability }),
});

const entityContent = netsealPlugin.getExtension('entity-content:netseal');
const entityCard = netsealPlugin.getExtension('entity-card:netseal');
const fleetPage = netsealPlugin.getExtension('page:netseal');

describe('netseal plugin (new frontend system)', () => {
  it('mounts the fleet page at /netseal', async () => {
    renderTestApp({
      features: [netsealPlugin],
      initialRouteEntries: ['/netseal'],
      // The catalog's entity pages, which the fleet table links to.
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name':
          convertLegacyRouteRef(entityRouteRef),
      },
      apis: [[netsealApiRef, api]],
    });

    expect(await screen.findByText('Clusters')).toBeInTheDocument();
    expect(
      await screen.findByText('Policies across the fleet'),
    ).toBeInTheDocument();
    expect(await screen.findByText('Netseal backend: ok')).toBeInTheDocument();
  });

  it('offers a "Network policies" tab at netseal below the entity page', () => {
    const tester = createExtensionTester(entityContent);

    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Network policies',
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('netseal');
  });

  it("shows the tab's policies and statuses on an entity with a policy source", async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: paymentsEntity }),
        entityContent,
      ],
      apis: [[netsealApiRef, api]],
    });

    expect(await screen.findByText('Sealed policies')).toBeInTheDocument();
    expect(
      screen.getAllByRole('status', { name: 'drifted' }).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByText('cluster prod-ap unreachable: connection refused'),
    ).toBeInTheDocument();
  });

  it("links the tab's warning of an unprotected cluster to the fleet page", async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: paymentsEntity }),
        entityContent,
        fleetPage,
      ],
      apis: [
        [
          netsealApiRef,
          stubNetsealApi({
            ...api,
            getClusters: async () => ({
              items: [clusterGuardedBy('prod-eu', unprotectedGuard)],
            }),
          }),
        ],
      ],
    });

    expect(
      await screen.findByText(/^Cluster prod-eu is unprotected/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open the Netseal page' }),
    ).toHaveAttribute('href', '/netseal');
  });

  it('leaves the tab and the card off entities without a policy source', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: ledgerEntity }),
        entityContent,
        entityCard,
      ],
      apis: [[netsealApiRef, api]],
    });

    expect(await screen.findByTestId('empty-entity-page')).toBeInTheDocument();
  });

  it('shows the overview card with the worst status', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: paymentsEntity }),
        entityCard,
      ],
      apis: [[netsealApiRef, api]],
    });

    const worst = await screen.findByRole('group', { name: 'Worst status' });
    expect(within(worst).getByRole('status')).toHaveTextContent('missing');
    expect(
      screen.getByRole('link', { name: /View network policies/ }),
    ).toBeInTheDocument();
  });
});
