import { ResponseError } from '@backstage/errors';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
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
  protectedGuard,
  unprotectedGuard,
} from '../../__fixtures__/guards';
import { FreshPermissions } from '../../__testUtils__/FreshPermissions';
import { stubNetsealApi } from '../../__testUtils__/stubNetsealApi';
import { NetsealPage } from '../NetsealPage';

const uninstalledGuard = {
  ...unprotectedGuard,
  checkedAt: '2026-12-07T10:00:00.000Z',
};

function renderFleet(
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

function fleetApi(
  clusters: () => ClusterStatus[],
  answers: Partial<NetsealApi> = {},
) {
  return stubNetsealApi({
    getHealth: async () => ({ status: 'ok' }),
    getClusters: async () => ({ items: clusters() }),
    getFleetSummary: async () => fleetSummary,
    getFleetPolicies: async () => ({ items: fleetPolicies, totalCount: 2 }),
    ...answers,
  });
}

async function clusterRow(name: string) {
  return within((await screen.findByText(name)).closest('tr')!);
}

describe("uninstalling a cluster's guard from the fleet page", () => {
  it('asks first, naming what is deleted in which order, then uninstalls and shows the cluster unprotected', async () => {
    let guard = protectedGuard;
    const uninstallClusterGuard = jest.fn(async () => {
      guard = uninstalledGuard;
      return uninstalledGuard;
    });
    await renderFleet(
      fleetApi(() => [clusterGuardedBy('demo-west', guard)], {
        uninstallClusterGuard,
      }),
    );

    const row = await clusterRow('demo-west');
    await userEvent.click(
      row.getByRole('button', { name: 'Uninstall guard of demo-west' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Uninstall the guard of demo-west?',
    });
    const objects = within(dialog)
      .getAllByRole('listitem')
      .map(item => item.textContent);
    // The binding first, so nothing is enforced from then on; the namespace stays.
    expect(objects).toEqual([
      expect.stringMatching(/^ValidatingAdmissionPolicyBinding netseal-guard/),
      expect.stringMatching(/^ValidatingAdmissionPolicy netseal-guard/),
      expect.stringMatching(/^ConfigMap netseal-system\/netseal-guard/),
    ]);
    expect(dialog).toHaveTextContent(
      'The namespace netseal-system is left as it is.',
    );
    expect(uninstallClusterGuard).not.toHaveBeenCalled();

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Uninstall guard' }),
    );

    expect(uninstallClusterGuard).toHaveBeenCalledWith('demo-west');
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      await (
        await clusterRow('demo-west')
      ).findByRole('status', {
        name: 'Guard of demo-west: unprotected',
      }),
    ).toBeVisible();
  });

  it("shows the server's refusal in the cluster's row, in its own words", async () => {
    const refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'ClusterWriteFailure',
            message:
              "cluster demo-west refused the guard's uninstallation: forbidden; the rollout identity needs delete on validatingadmissionpolicies",
          },
          request: { method: 'DELETE', url: '/clusters/demo-west/guard' },
          response: { statusCode: 502 },
        }),
        { status: 502, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    await renderFleet(
      fleetApi(() => [clusterGuardedBy('demo-west', protectedGuard)], {
        uninstallClusterGuard: () => Promise.reject(refusal),
      }),
    );

    await userEvent.click(
      (
        await clusterRow('demo-west')
      ).getByRole('button', {
        name: 'Uninstall guard of demo-west',
      }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Uninstall guard' }),
    );

    expect(
      await (await clusterRow('demo-west')).findByRole('alert'),
    ).toHaveTextContent(
      "cluster demo-west refused the guard's uninstallation: forbidden",
    );
  });

  it('offers no uninstall where no guard is installed, and disables it without netseal.guard.manage', async () => {
    await renderFleet(
      fleetApi(() => [
        clusterGuardedBy('demo-east', unprotectedGuard),
        clusterGuardedBy('demo-west', protectedGuard),
      ]),
      AuthorizeResult.DENY,
    );

    expect(
      (await clusterRow('demo-east')).queryByRole('button', {
        name: 'Uninstall guard of demo-east',
      }),
    ).not.toBeInTheDocument();
    const button = (await clusterRow('demo-west')).getByRole('button', {
      name: 'Uninstall guard of demo-west',
    });
    await waitFor(() => expect(button).toBeDisabled());
  });
});
