import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
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
  ledgerEntity,
  PAYMENTS_REF,
  paymentsEntity,
} from '../../__fixtures__/paymentsEntity';
import {
  driftedDetail,
  driftedHistory,
  paymentsPolicies,
} from '../../__fixtures__/paymentsPolicies';
import { paymentsReachability } from '../../__fixtures__/paymentsReachability';
import { paymentsRequests } from '../../__fixtures__/paymentsRequests';
import { notAllowedError } from '../../__testUtils__/notAllowed';
import { stubNetsealApi } from '../../__testUtils__/stubNetsealApi';
import { EntityNetsealContent } from './EntityNetsealContent';

function renderContent(api: NetsealApi, entity: Entity = paymentsEntity) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [netsealApiRef, api],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntityNetsealContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

const paymentsApi = (answers: Partial<NetsealApi> = {}) =>
  stubNetsealApi({
    getEntityPolicies: async () => paymentsPolicies(),
    getEntityReachability: async () => ({ items: paymentsReachability }),
    getEntityPolicy: async () => driftedDetail,
    getEntityHistory: async () => ({ items: driftedHistory }),
    listRequests: async () => ({ items: [], totalCount: 0 }),
    ...answers,
  });

function policyRows(): HTMLElement[] {
  const table = screen.getByRole('table', { name: '' });
  return within(table)
    .getAllByRole('row')
    .filter(row => within(row).queryAllByRole('cell').length > 0);
}

describe('EntityNetsealContent', () => {
  it('lists the policies worst status first, a known drift before an unreadable cluster, each status named in text', async () => {
    await renderContent(paymentsApi());

    await screen.findByText('Sealed policies');
    const statuses = policyRows().map(
      row => within(row).getByRole('status').textContent,
    );
    expect(statuses).toEqual([
      'missing',
      'drifted',
      'unsealed',
      'unsealed',
      'unknown',
      'in-sync',
    ]);
    expect(screen.getAllByRole('status', { name: 'drifted' })).not.toHaveLength(
      0,
    );
  });

  it('shows a short seal with the whole seal in its title and a button that copies it, without opening the policy', async () => {
    const getEntityPolicy = jest.fn(async () => driftedDetail);
    await renderContent(paymentsApi({ getEntityPolicy }));

    const seals = await screen.findAllByText('3f9a1c0be2d4');
    expect(seals[0]).toHaveAttribute(
      'title',
      expect.stringMatching(/^sha256:3f9a1c0be2d4a5b6c7d8e9f0/),
    );
    const copy = screen.getAllByRole('button', {
      name: /^Copy seal sha256:3f9a1c0be2d4a5b6c7d8e9f0/,
    });
    expect(copy).toHaveLength(seals.length);
    await userEvent.click(copy[0]);
    expect(getEntityPolicy).not.toHaveBeenCalled();
    expect(screen.queryByRole('tab', { name: /diff/i })).toBeNull();
  });

  it('says why a policy is unknown and where an unsealed one lives', async () => {
    await renderContent(paymentsApi());

    expect(
      await screen.findByText(
        'cluster prod-ap unreachable: connection refused',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'prod-eu/allow-metrics.yaml:12: no netseal.io/seal annotation; run netseal seal',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'exists only in cluster prod-eu, not in the policy source',
      ),
    ).toBeInTheDocument();
  });

  it('filters the policies by cluster and by status', async () => {
    await renderContent(paymentsApi());
    await screen.findByText('Sealed policies');

    await userEvent.click(
      screen.getByRole('button', { name: 'Cluster All clusters' }),
    );
    await userEvent.click(screen.getByRole('option', { name: 'prod-eu' }));
    expect(policyRows()).toHaveLength(4);

    await userEvent.click(
      screen.getByRole('button', { name: 'Status All statuses' }),
    );
    await userEvent.click(screen.getByRole('option', { name: 'unsealed' }));
    const rows = policyRows();
    expect(
      rows.map(row => within(row).getByRole('status').textContent),
    ).toEqual(['unsealed', 'unsealed']);
  });

  it("offers a change request from a sealed policy's own view, starting from that policy", async () => {
    const sources: string[] = [];
    await renderContent(
      paymentsApi({
        getEntityPolicySource: async (_entity, policy) => {
          sources.push(`${policy.cluster}/${policy.namespace}/${policy.name}`);
          return {
            file: 'prod-us/allow-checkout.yaml',
            text: '# Checkout calls payments.\nkind: NetworkPolicy\n',
          };
        },
        previewRequest: async () => ({ ok: false, problems: [] }),
      }),
    );

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Open policy shop/allow-checkout in prod-us',
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', {
        name: /Request change to this policy/,
      }),
    );

    const dialog = await screen.findByRole('dialog', {
      name: 'Request a policy change for payments',
    });
    const manifest = await within(dialog).findByRole('textbox', {
      name: 'Manifest (YAML)',
    });
    await waitFor(() =>
      expect(manifest).toHaveValue(
        '# Checkout calls payments.\nkind: NetworkPolicy\n',
      ),
    );
    expect(sources).toEqual(['prod-us/shop/allow-checkout']);
  });

  it('opens a drifted policy on its diff, the changed port highlighted on both sides', async () => {
    await renderContent(paymentsApi());

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Open policy shop/allow-checkout in prod-us',
      }),
    );

    const sealed = await screen.findByLabelText('Sealed manifest');
    const live = screen.getByLabelText('Live manifest');
    expect(
      within(sealed)
        .getByText(/port: 8443/)
        .closest('mark'),
    ).not.toBeNull();
    expect(
      within(live)
        .getByText(/port: 9443/)
        .closest('mark'),
    ).not.toBeNull();
    expect(
      within(sealed)
        .getByText(/name: allow-checkout/)
        .closest('mark'),
    ).toBeNull();
    expect(
      screen.getByText('spec.ingress[0].ports[0].port: sealed 8443, live 9443'),
    ).toBeInTheDocument();
  });

  it('opens a policy from anywhere on its row', async () => {
    await renderContent(paymentsApi());

    const cluster = await screen.findByText('prod-us');
    await userEvent.click(cluster);

    expect(await screen.findByLabelText('Live manifest')).toBeInTheDocument();
  });

  it("shows the policy's status history", async () => {
    const getEntityHistory = jest.fn(async () => ({ items: driftedHistory }));
    await renderContent(paymentsApi({ getEntityHistory }));

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Open policy shop/allow-checkout in prod-us',
      }),
    );
    await userEvent.click(screen.getByRole('tab', { name: 'History' }));

    expect(await screen.findByText('first seen')).toBeInTheDocument();
    expect(getEntityHistory).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'payments' },
      expect.objectContaining({
        cluster: 'prod-us',
        policyNamespace: 'shop',
        policyName: 'allow-checkout',
      }),
    );
  });

  it('summarises in plain language what the sealed policy allows', async () => {
    await renderContent(paymentsApi());

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Open policy shop/allow-checkout in prod-us',
      }),
    );
    await userEvent.click(screen.getByRole('tab', { name: 'Summary' }));

    const summary = await screen.findByRole('list', {
      name: 'What this policy allows',
    });
    expect(summary).toHaveTextContent(
      'Ingress to pods app=payments in namespace shop on TCP 8443 from pods app=checkout in namespace shop',
    );
  });

  it('warns that the statuses are from the last good read when the policy source cannot be read', async () => {
    await renderContent(
      paymentsApi({
        getEntityPolicies: async () => ({
          ...paymentsPolicies(),
          sourceError: {
            checkedAt: '2026-11-26T10:00:00.000Z',
            message: 'path demo/policies/payments does not exist at HEAD',
          },
        }),
      }),
    );

    const warning = await screen.findByRole('alert');
    expect(warning).toHaveTextContent(
      'The policy source dir:./demo/policies/payments could not be read',
    );
    expect(warning).toHaveTextContent(
      'path demo/policies/payments does not exist at HEAD',
    );
    expect(warning).toHaveTextContent(
      'The statuses shown are those of the last good read.',
    );
    expect(await screen.findByText('Sealed policies')).toBeInTheDocument();
  });

  it('tells an entity without a policy source which annotation to add', async () => {
    await renderContent(stubNetsealApi(), ledgerEntity);

    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(screen.getAllByText(/netseal\.io\/policy-source/)[0]).toBeVisible();
  });

  it('explains a missing permission instead of showing a blank page', async () => {
    const error = await notAllowedError(PAYMENTS_REF);
    await renderContent(
      paymentsApi({
        getEntityPolicies: () => Promise.reject(error),
        getEntityReachability: () => Promise.reject(error),
      }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'You may not read the network policies of component:default/payments (permission netseal.policy.read)',
    );
  });

  it('says so when the entity has no policies yet', async () => {
    await renderContent(
      paymentsApi({ getEntityPolicies: async () => paymentsPolicies([]) }),
    );

    expect(
      await screen.findByText('No network policies yet'),
    ).toBeInTheDocument();
  });

  it("shows the service's replacement requests below its policies", async () => {
    await renderContent(
      paymentsApi({
        listRequests: async () => ({
          items: paymentsRequests,
          totalCount: paymentsRequests.length,
        }),
        getRequest: async id => {
          const found = paymentsRequests.find(request => request.id === id);
          if (!found) {
            throw new Error(`no request ${id}`);
          }
          return found;
        },
      }),
    );

    await screen.findByText('Replacement requests');
    expect(screen.getByText('bob: approved')).toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: 'https://git.example/netseal/policies/pull/12, Opens in a new window',
      }),
    ).toBeInTheDocument();
  });
});
