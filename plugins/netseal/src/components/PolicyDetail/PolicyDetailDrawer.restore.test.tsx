import { ResponseError } from '@backstage/errors';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type {
  PolicyDetail,
  Restore,
} from '@netseal/backstage-plugin-netseal-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NetsealApi, netsealApiRef } from '../../api';
import { PAYMENTS_REF } from '../../__fixtures__/paymentsEntity';
import {
  driftedDetail,
  driftedHistory,
  inSyncPolicy,
  SEAL,
} from '../../__fixtures__/paymentsPolicies';
import { FreshPermissions } from '../../__testUtils__/FreshPermissions';
import { stubNetsealApi } from '../../__testUtils__/stubNetsealApi';
import { PolicyDetailDrawer } from './PolicyDetailDrawer';

const entity = { kind: 'Component', namespace: 'default', name: 'payments' };
const policy = {
  cluster: 'prod-us',
  namespace: 'shop',
  name: 'allow-checkout',
};

function restoreOf(status: Restore['rollout']['status']): Restore {
  const done = status === 'completed';
  return {
    id: 'x1',
    entityRef: PAYMENTS_REF,
    ...policy,
    driftStatus: 'drifted',
    seal: SEAL,
    requestedBy: 'user:default/riley',
    selfHeal: false,
    createdAt: new Date().toISOString(),
    rollout: {
      status,
      approvedBy: [],
      clusters: [
        {
          cluster: 'prod-us',
          identity: 'netseal-rollout',
          status: done ? 'completed' : 'running',
          steps: [
            {
              phase: 'rollout',
              index: 0,
              description: 'Delete shop/allow-checkout.',
              status: 'done',
            },
            {
              phase: 'rollout',
              index: 1,
              description:
                'Create shop/allow-checkout, labelled netseal.io/sealed=true.',
              status: done ? 'done' : 'running',
            },
          ],
        },
      ],
    },
  };
}

function renderDrawer(api: NetsealApi, permission = mockApis.permission()) {
  return renderInTestApp(
    <FreshPermissions>
      <TestApiProvider
        apis={[
          [netsealApiRef, api],
          [permissionApiRef, permission],
        ]}
      >
        <PolicyDetailDrawer
          entity={entity}
          entityRef={PAYMENTS_REF}
          policy={policy}
          onClose={() => {}}
        />
      </TestApiProvider>
    </FreshPermissions>,
  );
}

describe('PolicyDetailDrawer: restoring the sealed version', () => {
  it('asks first, restores, shows the steps as they run, and the policy in sync once it ended', async () => {
    let detail: PolicyDetail = driftedDetail;
    let restores: Restore[] = [];
    const restorePolicy = jest.fn(async () => {
      restores = [restoreOf('running')];
      return restores[0];
    });
    await renderDrawer(
      stubNetsealApi({
        getEntityPolicy: async () => detail,
        getEntityHistory: async () => ({ items: driftedHistory }),
        listPolicyRestores: async () => ({ items: restores }),
        restorePolicy,
      }),
    );

    await userEvent.click(
      await screen.findByRole('button', { name: 'Restore sealed version' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Restore allow-checkout to its sealed version?',
    });
    expect(dialog).toHaveTextContent(
      'shop/allow-checkout in prod-us differs from its seal.',
    );
    expect(dialog).toHaveTextContent(`Seal: ${SEAL}`);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Restore' }),
    );

    expect(restorePolicy).toHaveBeenCalledWith(entity, policy);
    const section = await screen.findByRole('region', { name: 'Restore' });
    expect(section).toHaveTextContent('Restored by riley');
    expect(
      within(section).getByRole('table', { name: 'Steps in prod-us' }),
    ).toHaveTextContent('Create shop/allow-checkout');
    expect(
      screen.queryByRole('button', { name: 'Restore sealed version' }),
    ).not.toBeInTheDocument();

    // The restore ends; the drawer reads the policy again and finds it in sync.
    detail = { ...inSyncPolicy, cluster: 'prod-us' };
    restores = [restoreOf('completed')];
    await waitFor(
      () =>
        expect(screen.getByRole('status', { name: 'in-sync' })).toBeVisible(),
      { timeout: 10_000 },
    );
    expect(
      within(screen.getByRole('region', { name: 'Restore' })).getAllByText(
        'completed',
      ),
    ).not.toHaveLength(0);
  });

  it("shows the server's refusal in the dialog, in its own words", async () => {
    const refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'ConflictError',
            message:
              'shop/allow-checkout in prod-us is locked: request 12 is rolling it out; look at it again once that one ended',
          },
          request: { method: 'POST', url: '/restore' },
          response: { statusCode: 409 },
        }),
        { status: 409, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    await renderDrawer(
      stubNetsealApi({
        getEntityPolicy: async () => driftedDetail,
        getEntityHistory: async () => ({ items: driftedHistory }),
        listPolicyRestores: async () => ({ items: [] }),
        restorePolicy: () => Promise.reject(refusal),
      }),
    );

    await userEvent.click(
      await screen.findByRole('button', { name: 'Restore sealed version' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Restore' }));

    expect(
      await screen.findByText(
        'shop/allow-checkout in prod-us is locked: request 12 is rolling it out; look at it again once that one ended',
      ),
    ).toBeVisible();
  });

  it('shows the action disabled, naming the permission, to a caller without netseal.policy.restore', async () => {
    await renderDrawer(
      stubNetsealApi({
        getEntityPolicy: async () => driftedDetail,
        getEntityHistory: async () => ({ items: driftedHistory }),
        listPolicyRestores: async () => ({ items: [] }),
      }),
      mockApis.permission({ authorize: AuthorizeResult.DENY }),
    );

    const button = await screen.findByRole('button', {
      name: 'Restore sealed version',
    });
    await waitFor(() => expect(button).toBeDisabled());
    await userEvent.hover(button.parentElement!);
    expect(
      await screen.findByText(
        `You need the permission netseal.policy.restore on ${PAYMENTS_REF} to restore a policy.`,
      ),
    ).toBeVisible();
  });

  it('offers no restore for a policy in sync', async () => {
    await renderDrawer(
      stubNetsealApi({
        getEntityPolicy: async () => ({ ...inSyncPolicy, cluster: 'prod-us' }),
        getEntityHistory: async () => ({ items: [] }),
        listPolicyRestores: async () => ({ items: [] }),
      }),
    );

    expect(
      await screen.findByRole('status', { name: 'in-sync' }),
    ).toBeVisible();
    expect(
      screen.queryByRole('button', { name: 'Restore sealed version' }),
    ).not.toBeInTheDocument();
  });
});
