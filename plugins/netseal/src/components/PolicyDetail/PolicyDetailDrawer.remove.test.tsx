import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type {
  NewReplacementRequest,
  PolicyDetail,
  ReplacementRequest,
} from '@netseal/backstage-plugin-netseal-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { netsealApiRef } from '../../api';
import {
  PAYMENTS_REF,
  paymentsEntity,
} from '../../__fixtures__/paymentsEntity';
import {
  inSyncPolicy,
  liveOnlyPolicy,
} from '../../__fixtures__/paymentsPolicies';
import { FreshPermissions } from '../../__testUtils__/FreshPermissions';
import { stubNetsealApi } from '../../__testUtils__/stubNetsealApi';
import { PolicyDetailDrawer } from './PolicyDetailDrawer';

const liveOnlyDetail: PolicyDetail = {
  ...liveOnlyPolicy,
  liveManifest: {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'debug-open', namespace: 'shop', uid: '0b6c1a52' },
    spec: {
      podSelector: { matchLabels: { app: 'payments' } },
      policyTypes: ['Egress'],
    },
  },
};

const NON_ISOLATION =
  'removing shop/debug-open leaves shop/payments-0 open to all egress traffic in prod-eu, since no other policy isolates them; set acknowledgeNonIsolation to true to confirm, or replace the policy with one that still isolates them';

async function renderDrawer(
  createRequest: (input: NewReplacementRequest) => Promise<ReplacementRequest>,
  permission = mockApis.permission(),
) {
  const previewRequest = jest.fn(async (input: NewReplacementRequest) =>
    input.changes[0].acknowledgeNonIsolation
      ? { ok: true as const }
      : {
          ok: false as const,
          problems: [
            {
              field: 'changes[0].acknowledgeNonIsolation',
              message: NON_ISOLATION,
            },
          ],
        },
  );
  await renderInTestApp(
    <FreshPermissions>
      <TestApiProvider
        apis={[
          [
            netsealApiRef,
            stubNetsealApi({
              getEntityPolicy: async () => liveOnlyDetail,
              getEntityHistory: async () => ({ items: [] }),
              listPolicyRestores: async () => ({ items: [] }),
              previewRequest,
              createRequest,
            }),
          ],
          [permissionApiRef, permission],
        ]}
      >
        <EntityProvider entity={paymentsEntity}>
          <PolicyDetailDrawer
            entity={{
              kind: 'Component',
              namespace: 'default',
              name: 'payments',
            }}
            entityRef={PAYMENTS_REF}
            policy={{
              cluster: 'prod-eu',
              namespace: 'shop',
              name: 'debug-open',
            }}
            policies={[inSyncPolicy, liveOnlyPolicy]}
            onClose={() => {}}
          />
        </EntityProvider>
      </TestApiProvider>
    </FreshPermissions>,
  );
  return { previewRequest };
}

describe('PolicyDetailDrawer: removing a live-only policy', () => {
  it('files the removal only with a reason and the acknowledgement of the pods it leaves open', async () => {
    const createRequest = jest.fn(
      async (input: NewReplacementRequest): Promise<ReplacementRequest> => ({
        id: '41',
        entityRef: input.entityRef,
        state: 'open',
        reason: input.reason,
        requester: 'user:default/guest',
        providerId: 'local',
        url: 'http://localhost:3000/netseal/requests/41',
        changes: [
          {
            ...input.changes[0],
            op: 'remove',
            file: 'prod-eu/debug-open.yaml',
            liveObject: { uid: '0b6c1a52', digest: 'sha256:1' },
          },
        ],
        createdAt: '2026-12-06T10:00:00Z',
        updatedAt: '2026-12-06T10:00:00Z',
      }),
    );
    await renderDrawer(createRequest);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Remove' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(/is live but no policy source holds it/),
    ).toBeInTheDocument();
    const acknowledgement = await within(dialog).findByRole('checkbox', {
      name: /leaves these pods open to all traffic/,
    });
    expect(within(dialog).getByText(NON_ISOLATION)).toBeInTheDocument();
    const file = within(dialog).getByRole('button', {
      name: 'Request removal',
    });
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'a debugging leftover',
    );
    expect(file).toBeDisabled();

    await userEvent.click(acknowledgement);
    await waitFor(() => expect(file).toBeEnabled());
    await userEvent.click(file);

    expect(await within(dialog).findByRole('status')).toHaveTextContent(
      /Removal request .*41.* is filed \(open\)/,
    );
    expect(createRequest).toHaveBeenCalledWith(
      {
        entityRef: PAYMENTS_REF,
        reason: 'a debugging leftover',
        changes: [
          {
            op: 'remove',
            cluster: 'prod-eu',
            namespace: 'shop',
            name: 'debug-open',
            acknowledgeNonIsolation: true,
          },
        ],
      },
      { idempotencyKey: expect.any(String) },
    );
  });

  it('is disabled, naming the permission, without netseal.request.create', async () => {
    await renderDrawer(jest.fn(), mockApis.permission({ authorize: 'DENY' }));

    expect(
      await screen.findByRole('button', { name: 'Remove' }),
    ).toBeDisabled();
  });
});
