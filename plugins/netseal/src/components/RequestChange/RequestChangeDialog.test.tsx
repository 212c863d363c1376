import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RequestPreview } from '@netseal/backstage-plugin-netseal-common';
import { NetsealApi, netsealApiRef } from '../../api';
import {
  PAYMENTS_REF,
  paymentsEntity,
} from '../../__fixtures__/paymentsEntity';
import {
  driftedDetail,
  paymentsPolicies,
  SEAL,
  sealedAllowCheckout,
} from '../../__fixtures__/paymentsPolicies';
import { stringify } from 'yaml';
import { stubNetsealApi } from '../../__testUtils__/stubNetsealApi';
import { RequestChangeButton } from './RequestChangeButton';
import { FreshPermissions } from '../../__testUtils__/FreshPermissions';

/** allow-checkout as its file holds it, with a comment the stored manifest lacks. */
const source = {
  file: 'prod-us/allow-checkout.yaml',
  text: `# Checkout calls the payments API.\n${stringify(sealedAllowCheckout)}`,
};

const NEW_SEAL =
  'sha256:77aa1c0be2d4a5b6c7d8e9f00112233445566778899aabbccddeeff00112233';

const okPreview: RequestPreview = {
  ok: true,
  providerId: 'local',
  changes: [
    {
      op: 'replace',
      cluster: 'prod-us',
      namespace: 'shop',
      name: 'allow-checkout',
      file: 'prod-us/allow-checkout.yaml',
      oldSeal: SEAL,
      newSeal: NEW_SEAL,
      diff: ['       ports:', '-        - port: 8443', '+        - port: 9443'],
      selectsService: false,
      summary: [
        'Pods app=checkout in namespace shop may reach it on TCP 9443.',
      ],
    },
  ],
  accessChanges: [
    {
      cluster: 'prod-us',
      openedFlows: 1,
      closedFlows: 1,
      changes: [
        {
          change: 'opened',
          protocol: 'TCP',
          port: 9443,
          flows: 1,
          text: 'Opens pods app=checkout in namespace shop → pods app=payments in namespace shop on TCP 9443 (1 flow)',
        },
        {
          change: 'closed',
          protocol: 'TCP',
          port: 8443,
          flows: 1,
          text: 'Closes pods app=checkout in namespace shop → pods app=payments in namespace shop on TCP 8443 (1 flow)',
        },
      ],
    },
  ],
};

function renderButton(
  api: NetsealApi,
  authorize:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  // usePermission caches answers by permission and resource for the whole test file.
  entityRef = PAYMENTS_REF,
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [netsealApiRef, api],
        [permissionApiRef, mockApis.permission({ authorize })],
      ]}
    >
      <FreshPermissions>
        <RequestChangeButton
          entity={paymentsEntity}
          entityRef={entityRef}
          policies={paymentsPolicies().items}
        />
      </FreshPermissions>
    </TestApiProvider>,
  );
}

async function editAllowCheckout() {
  await userEvent.click(
    await screen.findByRole('button', { name: /Request change/ }),
  );
  const dialog = await screen.findByRole('dialog');
  await userEvent.click(within(dialog).getByRole('button', { name: /Policy/ }));
  await userEvent.click(
    await screen.findByRole('option', {
      name: 'shop/allow-checkout in prod-us',
    }),
  );
  const manifest = within(dialog).getByRole('textbox', {
    name: 'Manifest (YAML)',
  });
  await waitFor(() =>
    expect((manifest as HTMLTextAreaElement).value).toContain(
      'name: allow-checkout',
    ),
  );
  return { dialog, manifest: manifest as HTMLTextAreaElement };
}

describe('RequestChangeDialog', () => {
  it('previews an edit, requires a reason, files it and shows the pull request', async () => {
    const previews: unknown[] = [];
    const filings: unknown[] = [];
    await renderButton(
      stubNetsealApi({
        getEntityPolicySource: async () => source,
        previewRequest: async input => {
          previews.push(input);
          return okPreview;
        },
        createRequest: async (input, options) => {
          filings.push({ input, options });
          return {
            id: '42',
            entityRef: PAYMENTS_REF,
            state: 'open',
            reason: input.reason,
            requester: 'user:default/guest',
            providerId: 'github',
            url: 'https://git.example/netseal/policies/pull/42',
            changes: okPreview.changes!,
            createdAt: '2026-11-26T12:00:00Z',
            updatedAt: '2026-11-26T12:00:00Z',
          };
        },
      }),
    );

    const { dialog, manifest } = await editAllowCheckout();
    // The policy's document as its file holds it is the starting point, comment and all.
    expect(manifest.value).toBe(source.text);
    const edited = manifest.value.replace('port: 8443', 'port: 9443');
    await userEvent.clear(manifest);
    await userEvent.paste(edited);

    const diff = await within(dialog).findByLabelText(
      'Diff of Edit shop/allow-checkout in prod-us',
      {},
      { timeout: 3000 },
    );
    expect(diff.textContent).toContain('-        - port: 8443');
    expect(diff.textContent).toContain('+        - port: 9443');
    expect(within(dialog).getByText(SEAL)).toBeInTheDocument();
    expect(within(dialog).getByText(NEW_SEAL)).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        /does not select the pods of payments: it is not payments's own policy/,
      ),
    ).toBeInTheDocument();
    const access = within(dialog).getByRole('list', {
      name: 'Access changes in prod-us',
    });
    expect(access).toHaveTextContent(/Opens pods app=checkout .* TCP 9443/);
    expect(access).toHaveTextContent(/Closes pods app=checkout .* TCP 8443/);
    // Only the last draft is checked, not every keystroke.
    expect(previews.length).toBeLessThan(5);
    expect(previews[previews.length - 1]).toEqual({
      entityRef: PAYMENTS_REF,
      changes: [
        {
          op: 'replace',
          cluster: 'prod-us',
          namespace: 'shop',
          name: 'allow-checkout',
          manifest: edited,
        },
      ],
    });

    const fileButton = within(dialog).getByRole('button', {
      name: 'File request',
    });
    expect(fileButton).toBeDisabled();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Checkout moves to 9443',
    );
    expect(fileButton).toBeEnabled();
    await userEvent.click(fileButton);

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Request #42 is filed (open).',
    );
    expect(within(dialog).getByText(/^Pull request:/)).toBeInTheDocument();
    expect(
      within(dialog).getByRole('link', {
        name: /https:\/\/git\.example\/netseal\/policies\/pull\/42/,
      }),
    ).toHaveAttribute('href', 'https://git.example/netseal/policies/pull/42');
    expect(filings).toEqual([
      {
        input: {
          entityRef: PAYMENTS_REF,
          reason: 'Checkout moves to 9443',
          changes: [
            {
              op: 'replace',
              cluster: 'prod-us',
              namespace: 'shop',
              name: 'allow-checkout',
              manifest: edited,
            },
          ],
        },
        options: { idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      },
    ]);
  });

  it('asks for the same change of the same policy in other clusters in one request', async () => {
    const previews: Array<{ changes: unknown[] }> = [];
    await renderButton(
      stubNetsealApi({
        getEntityPolicySource: async () => source,
        previewRequest: async input => {
          previews.push(input);
          return { ok: false, problems: [] };
        },
      }),
    );
    const { dialog, manifest } = await editAllowCheckout();
    const edited = manifest.value.replace('port: 8443', 'port: 9443');
    await userEvent.clear(manifest);
    await userEvent.paste(edited);

    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: 'Also in prod-eu' }),
    );

    await waitFor(
      () =>
        expect(previews[previews.length - 1]?.changes).toEqual([
          expect.objectContaining({ cluster: 'prod-us', manifest: edited }),
          expect.objectContaining({ cluster: 'prod-eu', manifest: edited }),
        ]),
      { timeout: 3000 },
    );
  });

  it('lists the problems by field and cannot file while there are any', async () => {
    await renderButton(
      stubNetsealApi({
        getEntityPolicySource: async () => source,
        previewRequest: async () => ({
          ok: false,
          problems: [
            {
              field: 'changes[0].manifest: spec.ingress[0].ports[0].port',
              message: 'must be between 1 and 65535',
            },
          ],
        }),
      }),
    );
    const { dialog, manifest } = await editAllowCheckout();
    await userEvent.type(manifest, ' ');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'A reason',
    );

    const problems = await within(dialog).findByLabelText(
      'Problems',
      {},
      { timeout: 3000 },
    );
    expect(problems).toHaveTextContent(
      'changes[0].manifest: spec.ingress[0].ports[0].port: must be between 1 and 65535',
    );
    expect(
      within(dialog).getByRole('button', { name: 'File request' }),
    ).toBeDisabled();
  });

  it("starts from the sealed manifest, saying its comments are lost, when the policy's file cannot be read", async () => {
    await renderButton(
      stubNetsealApi({
        getEntityPolicySource: async () => {
          throw new Error('the policy source cannot be read');
        },
        getEntityPolicy: async () => driftedDetail,
        previewRequest: async () => ({ ok: false, problems: [] }),
      }),
    );
    const { dialog, manifest } = await editAllowCheckout();

    expect(manifest.value).toContain('port: 8443');
    expect(
      within(dialog).getByText(
        /the policy source cannot be read\); starting from the sealed manifest as last read, without its comments/,
      ),
    ).toBeInTheDocument();
  });

  it('starts a new policy from a template selecting the service and names it by its metadata', async () => {
    const previews: Array<{ changes: unknown[] }> = [];
    await renderButton(
      stubNetsealApi({
        previewRequest: async input => {
          previews.push(input);
          return { ok: false, problems: [] };
        },
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: /Request change/ }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Add a policy' }),
    );
    const manifest = within(dialog).getByRole('textbox', {
      name: 'Manifest (YAML)',
    }) as HTMLTextAreaElement;
    // The pods of the service, by its backstage.io/kubernetes-id annotation.
    expect(manifest.value).toContain('backstage.io/kubernetes-id: payments');
    expect(manifest.value).toContain('namespace: shop');
    await waitFor(() => expect(previews.length).toBeGreaterThan(0), {
      timeout: 3000,
    });
    expect(previews[previews.length - 1].changes).toEqual([
      expect.objectContaining({
        op: 'add',
        namespace: 'shop',
        name: 'allow-',
      }),
    ]);
  });

  it('files a removal that leaves pods open to all traffic only once the requester acknowledges it', async () => {
    const nonIsolated =
      'Removing shop/deny-all leaves pods app=payments in namespace shop open to all ingress: no other policy selects them.';
    const previews: Array<{ changes: unknown[] }> = [];
    const filings: unknown[] = [];
    const removal = {
      op: 'remove' as const,
      cluster: 'prod-ap',
      namespace: 'shop',
      name: 'deny-all',
    };
    await renderButton(
      stubNetsealApi({
        previewRequest: async input => {
          previews.push(input);
          return input.changes[0].acknowledgeNonIsolation
            ? {
                ok: true,
                providerId: 'local',
                changes: [
                  {
                    ...removal,
                    file: 'prod-ap/deny-all.yaml',
                    oldSeal: SEAL,
                    diff: ['-kind: NetworkPolicy'],
                    selectsService: true,
                    summary: [],
                  },
                ],
                accessChanges: [],
              }
            : {
                ok: false,
                problems: [
                  {
                    field: 'changes[0].acknowledgeNonIsolation',
                    message: nonIsolated,
                  },
                ],
              };
        },
        createRequest: async input => {
          filings.push(input);
          return {
            id: '43',
            entityRef: PAYMENTS_REF,
            state: 'open',
            reason: input.reason,
            requester: 'user:default/guest',
            changes: [{ ...removal, file: 'prod-ap/deny-all.yaml' }],
            createdAt: '2026-11-26T12:00:00Z',
            updatedAt: '2026-11-26T12:00:00Z',
          };
        },
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: /Request change/ }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Remove a policy' }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: /Policy/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'shop/deny-all in prod-ap' }),
    );
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'payments moved out of prod-ap',
    );

    const acknowledgement = await within(dialog).findByRole(
      'checkbox',
      {
        name: 'I understand that removing this policy leaves these pods open to all traffic',
      },
      { timeout: 3000 },
    );
    expect(acknowledgement).not.toBeChecked();
    expect(acknowledgement).toHaveAccessibleDescription(nonIsolated);
    // The checkbox answers the problem; it is not also listed as one to fix.
    expect(within(dialog).queryByLabelText('Problems')).toBeNull();
    const fileButton = within(dialog).getByRole('button', {
      name: 'File request',
    });
    expect(fileButton).toBeDisabled();

    await userEvent.click(acknowledgement);
    await waitFor(() => expect(fileButton).toBeEnabled(), { timeout: 3000 });
    // What was acknowledged stays on screen.
    expect(acknowledgement).toBeChecked();
    expect(within(dialog).getByText(nonIsolated)).toBeInTheDocument();
    expect(previews[previews.length - 1].changes).toEqual([
      { ...removal, acknowledgeNonIsolation: true },
    ]);

    await userEvent.click(fileButton);
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Request #43 is filed (open).',
    );
    expect(filings).toEqual([
      {
        entityRef: PAYMENTS_REF,
        reason: 'payments moved out of prod-ap',
        changes: [{ ...removal, acknowledgeNonIsolation: true }],
      },
    ]);
  });

  it('is disabled, naming the permission, for a user without netseal.request.create', async () => {
    await renderButton(
      stubNetsealApi(),
      AuthorizeResult.DENY,
      'component:default/denied',
    );
    const button = await screen.findByRole('button', {
      name: /Request change/,
    });
    await waitFor(() => expect(button).toBeDisabled());
    await userEvent.hover(button.parentElement!);
    expect(
      await screen.findByRole('tooltip', {
        name: /netseal\.request\.create on component:default\/denied/,
      }),
    ).toBeInTheDocument();
  });
});
