import { identityApiRef } from '@backstage/core-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReplacementRequestDetail } from '@netseal/backstage-plugin-netseal-common';
import { NetsealApi, netsealApiRef } from '../../api';
import { PAYMENTS_REF } from '../../__fixtures__/paymentsEntity';
import { stubNetsealApi } from '../../__testUtils__/stubNetsealApi';
import { EntityRequestsTable } from './EntityRequestsTable';

const localRequest: ReplacementRequestDetail = {
  id: '7',
  entityRef: PAYMENTS_REF,
  state: 'open',
  reason: 'Let the ledger reach the payments API',
  requester: 'user:default/guest',
  providerId: 'local',
  url: 'file:///srv/policies#netseal/request-7',
  changes: [
    {
      op: 'add',
      cluster: 'prod-eu',
      namespace: 'shop',
      name: 'allow-ledger',
      file: 'prod-eu/allow-ledger.yaml',
    },
  ],
  approvals: 0,
  requiredApprovals: 1,
  reviews: [
    {
      reviewer: 'user:default/guest',
      decision: 'approved',
      at: '2026-11-26T10:05:00Z',
      counted: false,
    },
  ],
  createdAt: '2026-11-26T10:00:00Z',
  updatedAt: '2026-11-26T10:05:00Z',
  transitions: [
    { to: 'open', actor: 'user:default/guest', at: '2026-11-26T10:00:00Z' },
  ],
};

/** A backend double that keeps one local request and applies reviews and merges to it. */
function localApi() {
  let request = localRequest;
  const calls: string[] = [];
  const api = stubNetsealApi({
    listRequests: async () => ({ items: [request], totalCount: 1 }),
    getRequest: async () => request,
    reviewRequest: async (id, review) => {
      calls.push(
        `${review.decision} ${id}${
          review.comment ? `: ${review.comment}` : ''
        }`,
      );
      request = {
        ...request,
        approvals: 1,
        reviews: [
          ...(request.reviews ?? []),
          {
            reviewer: 'user:default/riley',
            decision: 'approved',
            at: '2026-11-26T11:00:00Z',
            counted: true,
          },
        ],
      };
      return request;
    },
    mergeRequest: async id => {
      calls.push(`merge ${id}`);
      request = { ...request, state: 'merged' };
      return request;
    },
  });
  return { api, calls };
}

function renderAs(
  api: NetsealApi,
  userEntityRef: string,
  authorize:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  entityRef = PAYMENTS_REF,
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [netsealApiRef, api],
        [permissionApiRef, mockApis.permission({ authorize })],
        [identityApiRef, mockApis.identity({ userEntityRef })],
      ]}
    >
      <EntityRequestsTable entityRef={entityRef} />
    </TestApiProvider>,
  );
}

async function openRequest() {
  await userEvent.click(await screen.findByText('#7'));
  return within(await screen.findByRole('presentation'));
}

describe('RequestDetailDrawer', () => {
  it('lets a reviewer approve a local request and then merge it', async () => {
    const { api, calls } = localApi();
    await renderAs(api, 'user:default/riley');

    const drawer = await openRequest();
    expect(
      await drawer.findByText('guest: approved (does not count)'),
    ).toBeInTheDocument();
    expect(drawer.getByText('0 of 1 approvals needed')).toBeInTheDocument();
    const merge = drawer.getByRole('button', { name: 'Merge' });
    expect(merge).toBeDisabled();

    await userEvent.click(drawer.getByRole('button', { name: 'Approve' }));
    expect(
      await drawer.findByText('1 of 1 approvals needed'),
    ).toBeInTheDocument();
    expect(drawer.getByText('riley: approved')).toBeInTheDocument();
    expect(merge).toBeEnabled();

    await userEvent.click(merge);
    expect(
      await drawer.findByRole('status', { name: 'merged' }),
    ).toHaveTextContent('merged');
    // A merged request has nothing left to review.
    expect(drawer.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(calls).toEqual(['approve 7', 'merge 7']);
  });

  it('tells the requester that their own approval does not count', async () => {
    const { api } = localApi();
    await renderAs(api, 'user:default/guest');

    const drawer = await openRequest();
    expect(
      await drawer.findByText(
        'This is your own request: your approval is recorded but does not count.',
      ),
    ).toBeInTheDocument();
  });

  it('asks for a comment before rejecting', async () => {
    const { api, calls } = localApi();
    await renderAs(api, 'user:default/riley');

    const drawer = await openRequest();
    const reject = await drawer.findByRole('button', { name: 'Reject' });
    expect(reject).toBeDisabled();
    await userEvent.type(
      drawer.getByRole('textbox', { name: 'Review comment' }),
      'Use the ledger namespace label',
    );
    await userEvent.click(reject);
    expect(calls).toEqual(['reject 7: Use the ledger namespace label']);
  });

  it('names the permission instead of offering review buttons to a user without it', async () => {
    const { api } = localApi();
    await renderAs(
      api,
      'user:default/riley',
      AuthorizeResult.DENY,
      'component:default/denied',
    );

    const drawer = await openRequest();
    expect(
      await drawer.findByText(
        'Reviewing needs the permission netseal.request.review on component:default/denied.',
      ),
    ).toBeInTheDocument();
    expect(drawer.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('sends reviewers of a Git host request to its pull request', async () => {
    const hosted = {
      ...localRequest,
      providerId: 'github',
      url: 'https://github.example/acme/policies/pull/7',
    };
    await renderAs(
      stubNetsealApi({
        listRequests: async () => ({ items: [hosted], totalCount: 1 }),
        getRequest: async () => hosted,
      }),
      'user:default/riley',
    );

    const drawer = await openRequest();
    expect(
      await drawer.findByRole('link', { name: /pull\/7/ }),
    ).toHaveAttribute('href', 'https://github.example/acme/policies/pull/7');
    expect(drawer.queryByRole('button', { name: 'Approve' })).toBeNull();
  });
});
