import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NetsealApi, netsealApiRef } from '../../api';
import {
  fleetClusters,
  fleetPolicies,
  fleetSummary,
} from '../../__fixtures__/fleet';
import { stubNetsealApi } from '../../__testUtils__/stubNetsealApi';
import { NetsealPage } from './NetsealPage';

function renderPage(api: NetsealApi) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [netsealApiRef, api],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <NetsealPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

const fleetApi = (answers: Partial<NetsealApi> = {}) =>
  stubNetsealApi({
    getHealth: async () => ({ status: 'ok' }),
    getClusters: async () => ({ items: fleetClusters }),
    getFleetSummary: async () => fleetSummary,
    getFleetPolicies: async () => ({ items: fleetPolicies, totalCount: 2 }),
    ...answers,
  });

describe('NetsealPage, the fleet page (legacy frontend system)', () => {
  it('shows each cluster, reachable or why not, with its version and statuses', async () => {
    await renderPage(fleetApi());

    const clusters = await screen.findByText('Clusters');
    const table = clusters.closest(
      'div[class*="MuiPaper-root"]',
    ) as HTMLElement;
    const euRow = within(table).getByText('prod-eu').closest('tr')!;
    expect(within(euRow).getByText('reachable')).toBeInTheDocument();
    expect(euRow).toHaveTextContent('Kubernetes v1.31.2');
    expect(euRow).toHaveTextContent('12 live');
    expect(
      within(euRow).getByRole('status', { name: 'drifted: 1' }),
    ).toBeInTheDocument();
    const apRow = within(table).getByText('prod-ap').closest('tr')!;
    expect(
      within(apRow).getByText(
        'cluster prod-ap unreachable: connection refused',
      ),
    ).toBeInTheDocument();
    expect(
      within(apRow).getByRole('status', { name: 'unknown: 3' }),
    ).toBeInTheDocument();
  });

  it("gives the fleet's counts by status and its worst status: a drift before an unreachable cluster", async () => {
    await renderPage(fleetApi());

    const counts = await screen.findByRole('list', {
      name: "The fleet's policies by drift status",
    });
    expect(
      within(counts).getByRole('status', { name: 'in-sync: 9' }),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('group', { name: 'Worst status' })).getByRole(
        'status',
        { name: 'drifted' },
      ),
    ).toBeInTheDocument();
  });

  it('asks the server first for the policies that are not in sync, a page at a time', async () => {
    const getFleetPolicies = jest.fn(async () => ({
      items: fleetPolicies,
      totalCount: 2,
    }));
    await renderPage(fleetApi({ getFleetPolicies }));

    const policies = (
      await screen.findByText('Policies across the fleet')
    ).closest('div[class*="MuiPaper-root"]') as HTMLElement;
    expect(
      await within(policies).findByText(
        'cluster prod-ap unreachable: connection refused',
      ),
    ).toBeInTheDocument();
    expect(getFleetPolicies).toHaveBeenLastCalledWith({
      status: ['drifted', 'missing', 'unsealed', 'unknown'],
      limit: 20,
      offset: 0,
    });
  });

  it('sends the chosen cluster, namespace and search to the server', async () => {
    const getFleetPolicies = jest.fn(async () => ({
      items: fleetPolicies,
      totalCount: 2,
    }));
    await renderPage(fleetApi({ getFleetPolicies }));
    await screen.findByText('Policies across the fleet');

    await userEvent.click(
      await screen.findByRole('button', { name: 'Cluster All clusters' }),
    );
    await userEvent.click(screen.getByRole('option', { name: 'prod-eu' }));
    await userEvent.type(screen.getByLabelText('Namespace'), 'shop');
    await userEvent.type(
      screen.getByLabelText('Search entity or policy'),
      'payments{Enter}',
    );

    await waitFor(() =>
      expect(getFleetPolicies).toHaveBeenLastCalledWith({
        cluster: 'prod-eu',
        namespace: 'shop',
        search: 'payments',
        status: ['drifted', 'missing', 'unsealed', 'unknown'],
        limit: 20,
        offset: 0,
      }),
    );
  });

  it("links each policy to its entity's Network policies tab", async () => {
    await renderPage(fleetApi());

    const links = await screen.findAllByRole('link', {
      name: 'shop/allow-checkout',
    });
    expect(links[0]).toHaveAttribute(
      'href',
      '/catalog/default/component/payments/netseal',
    );
  });

  it('still says whether the backend answers', async () => {
    await renderPage(fleetApi());

    expect(await screen.findByText('Netseal backend: ok')).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Netseal' }),
    ).toBeInTheDocument();
  });

  it('shows the error when the backend cannot be reached', async () => {
    const unreachable = () =>
      Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:7007'));
    await renderPage(
      stubNetsealApi({
        getHealth: unreachable,
        getClusters: unreachable,
        getFleetSummary: unreachable,
        getFleetPolicies: unreachable,
      }),
    );

    const messages = await screen.findAllByText(
      /connect ECONNREFUSED 127\.0\.0\.1:7007/,
    );
    expect(messages[0]).toBeVisible();
    expect(screen.queryByText('Netseal backend: ok')).not.toBeInTheDocument();
  });
});
