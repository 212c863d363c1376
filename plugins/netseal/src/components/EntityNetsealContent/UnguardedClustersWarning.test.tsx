import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type { ClusterStatus } from '@netseal/backstage-plugin-netseal-common';
import { act, screen, waitFor } from '@testing-library/react';
import { NetsealApi, netsealApiRef } from '../../api';
import {
  clusterGuardedBy,
  outdatedGuard,
  protectedGuard,
  unprotectedGuard,
} from '../../__fixtures__/guards';
import { paymentsEntity } from '../../__fixtures__/paymentsEntity';
import { paymentsPolicies } from '../../__fixtures__/paymentsPolicies';
import { paymentsReachability } from '../../__fixtures__/paymentsReachability';
import { stubNetsealApi } from '../../__testUtils__/stubNetsealApi';
import { rootRouteRef } from '../../routes';
import { EntityNetsealContent } from './EntityNetsealContent';

// The payments service has policies in prod-us, prod-eu and prod-ap.
function renderTab(getClusters: NetsealApi['getClusters']) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [
          netsealApiRef,
          stubNetsealApi({
            getEntityPolicies: async () => paymentsPolicies(),
            getEntityReachability: async () => ({
              items: paymentsReachability,
            }),
            listRequests: async () => ({ items: [], totalCount: 0 }),
            getClusters,
          }),
        ],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <EntityProvider entity={paymentsEntity}>
        <EntityNetsealContent />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/netseal': rootRouteRef } },
  );
}

const clusters = (items: ClusterStatus[]) => async () => ({ items });

describe('EntityNetsealContent, warning of clusters whose guard does not protect the policies', () => {
  it('warns that an unprotected cluster lets its sealed policies be edited in place, linking to the Netseal page', async () => {
    await renderTab(
      clusters([
        clusterGuardedBy('prod-us', protectedGuard),
        clusterGuardedBy('prod-eu', unprotectedGuard),
        clusterGuardedBy('prod-ap', protectedGuard),
      ]),
    );

    const warning = await screen.findByRole('alert', {
      name: 'Unguarded clusters',
    });
    expect(warning).toHaveTextContent(
      'Cluster prod-eu is unprotected: its sealed policies can be edited in place (kubectl edit, apply). Drift detection will report it afterwards; install the guard from the Netseal page.',
    );
    expect(warning).not.toHaveTextContent('prod-us');
    expect(
      screen.getByRole('link', { name: 'Open the Netseal page' }),
    ).toHaveAttribute('href', '/netseal');
    // Above the policies it is about.
    expect(
      warning.compareDocumentPosition(screen.getByText('Sealed policies')) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });

  it('names each unguarded cluster on its own line, an outdated or unchecked one too', async () => {
    await renderTab(
      clusters([
        clusterGuardedBy('prod-us', outdatedGuard),
        clusterGuardedBy('prod-eu', unprotectedGuard),
        // No guard reported: the backend has not checked it, so it is not known to protect.
        clusterGuardedBy('prod-ap'),
      ]),
    );

    const warning = await screen.findByRole('alert', {
      name: 'Unguarded clusters',
    });
    const lines = Array.from(warning.querySelectorAll('li')).map(
      line => line.textContent,
    );
    expect(lines).toEqual([
      expect.stringMatching(/^The guard of cluster prod-ap is unknown/),
      expect.stringMatching(/^Cluster prod-eu is unprotected/),
      expect.stringMatching(
        /^Cluster prod-us runs an outdated guard.*upgrade the guard from the Netseal page/,
      ),
    ]);
  });

  it('warns of nothing when every cluster of its policies is protected, whatever other clusters are', async () => {
    const getClusters = jest.fn(
      clusters([
        clusterGuardedBy('prod-us', protectedGuard),
        clusterGuardedBy('prod-eu', protectedGuard),
        clusterGuardedBy('prod-ap', protectedGuard),
        clusterGuardedBy('demo-south', unprotectedGuard),
      ]),
    );
    await renderTab(getClusters);

    expect(await screen.findByText('Sealed policies')).toBeInTheDocument();
    await waitFor(() => expect(getClusters).toHaveBeenCalled());
    // Let the clusters' answer render before looking for the warning it would bring.
    await act(async () => {});
    expect(
      screen.queryByRole('alert', { name: 'Unguarded clusters' }),
    ).toBeNull();
    expect(screen.queryByText(/demo-south/)).toBeNull();
  });

  it('still shows the policies when the clusters cannot be read', async () => {
    await renderTab(() => Promise.reject(new Error('connect ECONNREFUSED')));

    expect(await screen.findByText('Sealed policies')).toBeInTheDocument();
    expect(
      screen.queryByRole('alert', { name: 'Unguarded clusters' }),
    ).toBeNull();
    expect(screen.queryByText(/ECONNREFUSED/)).toBeNull();
  });
});
