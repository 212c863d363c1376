import { ResponseError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type { ClusterStatus } from '@netseal/backstage-plugin-netseal-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NetsealApi, netsealApiRef } from '../../api';
import { fleetPolicies, fleetSummary } from '../../__fixtures__/fleet';
import {
  clusterGuardedBy,
  outdatedGuard,
  protectedGuard,
  unknownGuard,
  unprotectedGuard,
} from '../../__fixtures__/guards';
import { stubNetsealApi } from '../../__testUtils__/stubNetsealApi';
import { NetsealPage } from './NetsealPage';
import { FreshPermissions } from '../../__testUtils__/FreshPermissions';

const guardedFleet: ClusterStatus[] = [
  clusterGuardedBy('demo-north', protectedGuard),
  clusterGuardedBy('demo-south', unprotectedGuard),
  clusterGuardedBy('demo-east', outdatedGuard),
  clusterGuardedBy('demo-west', unknownGuard),
  // A backend older than the guard lists clusters without one.
  clusterGuardedBy('demo-old'),
];

function fleetApi(answers: Partial<NetsealApi> = {}) {
  return stubNetsealApi({
    getHealth: async () => ({ status: 'ok' }),
    getClusters: async () => ({ items: guardedFleet }),
    getFleetSummary: async () => fleetSummary,
    getFleetPolicies: async () => ({ items: fleetPolicies, totalCount: 2 }),
    ...answers,
  });
}

function renderPage(
  api: NetsealApi,
  authorize:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [netsealApiRef, api],
        [permissionApiRef, mockApis.permission({ authorize })],
      ]}
    >
      <FreshPermissions>
        <NetsealPage />
      </FreshPermissions>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

async function clusterRow(name: string) {
  return within((await screen.findByText(name)).closest('tr')!);
}

/** The backend's refusal, as `ResponseError.fromResponse` makes it. */
function refusal(status: number, name: string, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        request: {
          method: 'POST',
          url: '/api/netseal/clusters/demo-south/guard',
        },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

describe('ClustersTable, the Guard column of the fleet page', () => {
  it("names each cluster's guard status in words, with why, the versions and the rollout user", async () => {
    await renderPage(fleetApi());

    const statuses: Record<string, string> = {
      'demo-north': 'protected',
      'demo-south': 'unprotected',
      'demo-east': 'outdated',
      'demo-west': 'unknown',
      'demo-old': 'unknown',
    };
    for (const [cluster, status] of Object.entries(statuses)) {
      const row = await clusterRow(cluster);
      expect(
        row.getByRole('status', { name: `Guard of ${cluster}: ${status}` }),
      ).toHaveTextContent(status);
    }

    const south = await clusterRow('demo-south');
    expect(south.getByText(unprotectedGuard.reason!)).toBeInTheDocument();
    expect(
      south.getByText('No guard installed; version 2 is expected.'),
    ).toBeInTheDocument();
    const east = await clusterRow('demo-east');
    expect(
      east.getByText('Guard version 1 installed, 2 expected.'),
    ).toBeInTheDocument();
    expect(
      east.getByText(
        'Lets system:serviceaccount:netseal-system:old-rollout replace sealed policies.',
      ),
    ).toBeInTheDocument();
    expect(
      (await clusterRow('demo-west')).getByText(unknownGuard.reason!),
    ).toBeInTheDocument();
    expect(
      (await clusterRow('demo-old')).getByText(/reports no guard/),
    ).toBeInTheDocument();
  });

  it('offers to install an unprotected guard and to upgrade an outdated one, and no install for the others', async () => {
    await renderPage(fleetApi());

    expect(
      (await clusterRow('demo-south')).getByRole('button', {
        name: 'Install guard',
      }),
    ).toBeInTheDocument();
    expect(
      (await clusterRow('demo-east')).getByRole('button', {
        name: 'Upgrade guard',
      }),
    ).toBeInTheDocument();
    for (const cluster of ['demo-north', 'demo-west', 'demo-old']) {
      expect(
        (await clusterRow(cluster)).queryByRole('button', {
          name: /^(Install|Upgrade) guard/,
        }),
      ).toBeNull();
    }
  });

  it('installs the guard, shows the cluster protected and reads the clusters again', async () => {
    const installClusterGuard = jest.fn(async () => ({
      ...protectedGuard,
      checkedAt: '2026-11-26T11:00:00.000Z',
    }));
    const getClusters = jest.fn(async () => ({ items: guardedFleet }));
    await renderPage(fleetApi({ installClusterGuard, getClusters }));

    const button = (await clusterRow('demo-south')).getByRole('button', {
      name: 'Install guard',
    });
    await waitFor(() => expect(button).toBeEnabled());
    const readsBefore = getClusters.mock.calls.length;
    await userEvent.click(button);

    const south = await clusterRow('demo-south');
    expect(
      await south.findByRole('status', {
        name: 'Guard of demo-south: protected',
      }),
    ).toBeInTheDocument();
    expect(installClusterGuard).toHaveBeenCalledWith('demo-south');
    expect(
      south.queryByRole('button', { name: /^(Install|Upgrade) guard/ }),
    ).toBeNull();
    await waitFor(() =>
      expect(getClusters.mock.calls.length).toBeGreaterThan(readsBefore),
    );
    // The fleet's older check of the cluster does not hide the install's answer.
    expect(
      (await clusterRow('demo-south')).getByRole('status', {
        name: 'Guard of demo-south: protected',
      }),
    ).toBeInTheDocument();
  });

  it('disables the install for a user without netseal.guard.manage, naming the permission', async () => {
    const installClusterGuard = jest.fn(async () => protectedGuard);
    await renderPage(fleetApi({ installClusterGuard }), AuthorizeResult.DENY);

    const button = (await clusterRow('demo-south')).getByRole('button', {
      name: 'Install guard',
    });
    expect(button).toBeDisabled();
    await userEvent.hover(button.parentElement!);
    expect(
      await screen.findByRole('tooltip', { name: /netseal\.guard\.manage/ }),
    ).toBeInTheDocument();
    expect(installClusterGuard).not.toHaveBeenCalled();
  });

  it.each([
    [
      409,
      'ConflictError',
      'Cluster demo-south has no rollout identity; set netseal.clusters[].rollout in app-config.yaml',
    ],
    [
      502,
      'Error',
      'Cluster demo-south refused the guard: validatingadmissionpolicies is forbidden for the rollout identity',
    ],
  ])(
    "shows the server's own reason when it refuses the install with %i",
    async (status, name, message) => {
      const error = await refusal(status, name, message);
      await renderPage(
        fleetApi({ installClusterGuard: () => Promise.reject(error) }),
      );

      const button = (await clusterRow('demo-south')).getByRole('button', {
        name: 'Install guard',
      });
      await waitFor(() => expect(button).toBeEnabled());
      await userEvent.click(button);

      const south = await clusterRow('demo-south');
      expect(await south.findByRole('alert')).toHaveTextContent(message);
      expect(
        south.getByRole('status', { name: 'Guard of demo-south: unprotected' }),
      ).toBeInTheDocument();
      expect(
        south.getByRole('button', { name: 'Install guard' }),
      ).toBeEnabled();
    },
  );
});
