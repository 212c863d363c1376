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

async function clusterRowElement(name: string) {
  return (await screen.findByText(name)).closest('tr')!;
}

async function clusterRow(name: string) {
  return within(await clusterRowElement(name));
}

/** Clicks a cluster's Install or Upgrade button and confirms in the dialog it opens. */
async function installConfirmed(cluster: string, action = 'Install guard') {
  const button = (await clusterRow(cluster)).getByRole('button', {
    name: action,
  });
  await waitFor(() => expect(button).toBeEnabled());
  await userEvent.click(button);
  const dialog = await screen.findByRole('dialog');
  await userEvent.click(within(dialog).getByRole('button', { name: action }));
  await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
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

    const south = await clusterRowElement('demo-south');
    expect(south).toHaveTextContent(unprotectedGuard.reason!);
    expect(south).toHaveTextContent(
      'No guard installed; version 2 is expected.',
    );
    const east = await clusterRowElement('demo-east');
    expect(east).toHaveTextContent('Guard version 1 installed, 2 expected.');
    expect(east).toHaveTextContent(
      'Lets system:serviceaccount:netseal-system:old-rollout replace sealed policies.',
    );
    expect(await clusterRowElement('demo-west')).toHaveTextContent(
      unknownGuard.reason!,
    );
    expect(await clusterRowElement('demo-old')).toHaveTextContent(
      /reports no guard/,
    );
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

  it('asks before installing, naming the four objects it creates, and Cancel installs nothing', async () => {
    const installClusterGuard = jest.fn(async () => protectedGuard);
    await renderPage(fleetApi({ installClusterGuard }));

    const button = (await clusterRow('demo-south')).getByRole('button', {
      name: 'Install guard',
    });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);

    const dialog = within(
      await screen.findByRole('dialog', {
        name: 'Install the guard in demo-south?',
      }),
    );
    const objects = dialog.getByRole('list').querySelectorAll('li strong');
    expect([...objects].map(object => object.textContent)).toEqual([
      'Namespace netseal-system',
      'ConfigMap netseal-system/netseal-guard',
      'ValidatingAdmissionPolicy netseal-guard',
      'ValidatingAdmissionPolicyBinding netseal-guard',
    ]);
    expect(installClusterGuard).not.toHaveBeenCalled();

    await userEvent.click(dialog.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(installClusterGuard).not.toHaveBeenCalled();
    expect(
      (await clusterRow('demo-south')).getByRole('status', {
        name: 'Guard of demo-south: unprotected',
      }),
    ).toBeInTheDocument();
  });

  it('asks before upgrading an outdated guard, with the versions, and upgrades once confirmed', async () => {
    const installClusterGuard = jest.fn(async () => ({
      ...protectedGuard,
      checkedAt: '2026-11-26T11:00:00.000Z',
    }));
    await renderPage(fleetApi({ installClusterGuard }));

    const button = (await clusterRow('demo-east')).getByRole('button', {
      name: 'Upgrade guard',
    });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    const dialog = await screen.findByRole('dialog', {
      name: 'Upgrade the guard in demo-east?',
    });
    expect(dialog).toHaveTextContent(
      'Installed now: version 1; this makes it version 2.',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Upgrade guard' }),
    );

    expect(
      await (
        await clusterRow('demo-east')
      ).findByRole('status', { name: 'Guard of demo-east: protected' }),
    ).toBeInTheDocument();
    expect(installClusterGuard).toHaveBeenCalledWith('demo-east');
  });

  it('installs the guard, shows the cluster protected and reads the clusters again', async () => {
    const installClusterGuard = jest.fn(async () => ({
      ...protectedGuard,
      checkedAt: '2026-11-26T11:00:00.000Z',
    }));
    const getClusters = jest.fn(async () => ({ items: guardedFleet }));
    await renderPage(fleetApi({ installClusterGuard, getClusters }));

    await screen.findByText('demo-south');
    const readsBefore = getClusters.mock.calls.length;
    await installConfirmed('demo-south');

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

      await installConfirmed('demo-south');

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

describe('ClustersTable, the cluster-scoped network policy of each cluster', () => {
  it("names the kinds each cluster carries, the vendors' as counted only, and says where they could not be known", async () => {
    const clusters: ClusterStatus[] = [
      {
        ...clusterGuardedBy('demo-north', protectedGuard),
        clusterScopedPolicies: {
          kinds: [
            {
              kind: 'BaselineAdminNetworkPolicy',
              group: 'policy.networking.k8s.io',
              count: 1,
              read: true,
            },
            {
              kind: 'CiliumNetworkPolicy',
              group: 'cilium.io',
              count: 3,
              read: false,
            },
          ],
        },
      },
      {
        ...clusterGuardedBy('demo-south', protectedGuard),
        clusterScopedPolicies: { kinds: [] },
      },
      {
        ...clusterGuardedBy('demo-east', protectedGuard),
        clusterScopedPolicies: {
          kinds: [],
          notKnown: ['discovery failed: 403 Forbidden'],
        },
      },
    ];
    await renderPage(
      fleetApi({ getClusters: async () => ({ items: clusters }) }),
    );

    expect(await clusterRowElement('demo-north')).toHaveTextContent(
      'Cluster-scoped network policy: 1 BaselineAdminNetworkPolicy, 3 CiliumNetworkPolicy (cilium.io, counted, not modelled)',
    );
    expect(await clusterRowElement('demo-south')).toHaveTextContent(
      'No cluster-scoped network policy',
    );
    expect(await clusterRowElement('demo-east')).toHaveTextContent(
      'Cluster-scoped network policy not known: discovery failed: 403 Forbidden',
    );
  });
});
