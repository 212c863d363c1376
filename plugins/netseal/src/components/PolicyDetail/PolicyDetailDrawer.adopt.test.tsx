import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type { PolicyDetail } from '@netseal/backstage-plugin-netseal-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { parse } from 'yaml';
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
    metadata: {
      name: 'debug-open',
      namespace: 'shop',
      uid: '0b6c1a52',
      resourceVersion: '2071',
    },
    spec: { podSelector: { matchLabels: { app: 'payments' } }, ingress: [{}] },
  },
};

describe('PolicyDetailDrawer: adopting a live-only policy into Git', () => {
  it('opens the request dialog on a new policy made of the live object, for its cluster', async () => {
    const previewRequest = jest.fn(async () => ({ ok: true as const }));
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
              }),
            ],
            [permissionApiRef, mockApis.permission()],
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

    expect(
      screen.queryByRole('button', { name: 'Restore sealed version' }),
    ).not.toBeInTheDocument();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Adopt into Git' }),
    );

    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByRole('radio', { name: 'Add a policy' }),
    ).toBeChecked();
    const manifest = within(dialog).getByRole('textbox', {
      name: 'Manifest (YAML)',
    }) as HTMLTextAreaElement;
    expect(parse(manifest.value)).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'debug-open', namespace: 'shop' },
      spec: {
        podSelector: { matchLabels: { app: 'payments' } },
        ingress: [{}],
      },
    });
    await waitFor(() =>
      expect(previewRequest).toHaveBeenCalledWith({
        entityRef: PAYMENTS_REF,
        changes: [
          expect.objectContaining({
            op: 'add',
            cluster: 'prod-eu',
            namespace: 'shop',
            name: 'debug-open',
          }),
        ],
      }),
    );
  });
});
