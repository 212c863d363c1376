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
import { filedRequest } from '../../__fixtures__/paymentsRequests';
import { FreshPermissions } from '../../__testUtils__/FreshPermissions';
import { stubNetsealApi } from '../../__testUtils__/stubNetsealApi';
import { EntityRequestsTable } from './EntityRequestsTable';

function renderAs(
  api: NetsealApi,
  userEntityRef: string,
  options: {
    authorize?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    url?: string;
  } = {},
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [netsealApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: options.authorize ?? AuthorizeResult.ALLOW,
          }),
        ],
        [identityApiRef, mockApis.identity({ userEntityRef })],
      ]}
    >
      <FreshPermissions>
        <EntityRequestsTable entityRef={PAYMENTS_REF} />
      </FreshPermissions>
    </TestApiProvider>,
    options.url ? { routeEntries: [options.url] } : undefined,
  );
}

const holding = (request: ReplacementRequestDetail) =>
  stubNetsealApi({
    listRequests: async () => ({ items: [request], totalCount: 1 }),
    getRequest: async () => request,
  });

async function openRequest(id: string) {
  await userEvent.click(await screen.findByText(`#${id}`));
  return within(await screen.findByRole('presentation'));
}

describe('RequestDetailDrawer: what the reviewer approves', () => {
  it('shows what the pull request holds: both seals, the policy in words and the diff with its drift status now, the access changes and the rollout plan', async () => {
    await renderAs(holding(filedRequest), 'user:default/riley');

    const drawer = await openRequest('21');
    const change = within(
      await drawer.findByRole('region', {
        name: 'Edit shop/allow-checkout in prod-eu',
      }),
    );
    expect(change.getByText(filedRequest.changes[0].oldSeal!)).toBeVisible();
    expect(change.getByText(filedRequest.changes[0].newSeal!)).toBeVisible();
    expect(
      change.getByText(filedRequest.asFiled!.changes[0].summary[0]),
    ).toBeInTheDocument();
    expect(
      change.getByLabelText('Diff of Edit shop/allow-checkout in prod-eu'),
    ).toHaveTextContent(/-\s+- port: 8443\+\s+- port: 9443/);
    expect(change.getByRole('status', { name: 'drifted' })).toBeVisible();

    const access = drawer.getByRole('list', {
      name: 'Access changes in prod-eu',
    });
    expect(access).toHaveTextContent(/Closes: .* on TCP 8443/);
    expect(access).toHaveTextContent(/Opens: .* on TCP 9443/);
    expect(
      drawer.getByText(
        "From each cluster's live pods, namespaces and policies when the request was filed.",
      ),
    ).toBeInTheDocument();
    const plan = within(
      drawer.getByRole('list', { name: 'Rollout plan in prod-eu' }),
    ).getAllByRole('listitem');
    expect(plan.map(step => step.textContent)).toEqual(
      filedRequest.asFiled!.rolloutPlan.clusters[0].steps,
    );
  });

  it('shows who reviewed, when, the decision and the comment, and a history naming the people', async () => {
    await renderAs(holding(filedRequest), 'user:default/ana');

    const drawer = await openRequest('21');
    const review = within(
      await drawer.findByRole('list', { name: 'Reviews' }),
    ).getByRole('listitem');
    expect(review).toHaveTextContent(/^riley approved/);
    expect(
      within(review).getByText('Checkout calls 9443 from today'),
    ).toBeVisible();
    expect(review.querySelector('time')).toHaveAttribute(
      'datetime',
      '2026-12-06T10:20:00.000Z',
    );
    const history = within(drawer.getByRole('list', { name: 'History' }))
      .getAllByRole('listitem')
      .map(item => item.textContent);
    expect(history).toEqual([
      expect.stringMatching(/^open by guest: Checkout moves its API to 9443 /),
      expect.stringMatching(
        /^open → approved by riley: approved in the portal; 1 of 1 approvals count /,
      ),
    ]);
  });

  it('says Netseal read a state from the Git host, without naming it as the one who acted', async () => {
    const readFromHost: ReplacementRequestDetail = {
      ...filedRequest,
      state: 'merged',
      transitions: [
        ...filedRequest.transitions,
        {
          from: 'approved',
          to: 'merged',
          actor: 'system',
          reason:
            'the change is merged on its Git host; 1 of 1 approvals count',
          at: '2026-12-06T10:30:00Z',
        },
      ],
    };
    await renderAs(holding(readFromHost), 'user:default/ana');

    const drawer = await openRequest('21');
    const history = within(
      await drawer.findByRole('list', { name: 'History' }),
    ).getAllByRole('listitem');
    expect(history[2]).toHaveTextContent(
      /^approved → merged \(Netseal\): the change is merged on its Git host/,
    );
    expect(drawer.queryByText(/system/)).toBeNull();
  });

  it('shows the seals of a request filed before Netseal kept what its pull request holds, and says the rest was not recorded', async () => {
    const { asFiled: _notKept, ...older } = filedRequest;
    await renderAs(holding(older), 'user:default/riley');

    const drawer = await openRequest('21');
    const change = within(
      await drawer.findByRole('region', {
        name: 'Edit shop/allow-checkout in prod-eu',
      }),
    );
    expect(change.getByText(filedRequest.changes[0].newSeal!)).toBeVisible();
    expect(change.getByText(/^Manifest diff: Not recorded/)).toBeVisible();
    expect(
      drawer.getAllByText(
        'Not recorded: this request was filed before Netseal kept what its pull request holds; read it there.',
      ),
    ).toHaveLength(2);
  });

  it('shows a reviewer who requested changes that they did, and lets them approve after', async () => {
    const rejected: ReplacementRequestDetail = {
      ...filedRequest,
      approvals: 0,
      reviews: [
        {
          reviewer: 'user:default/riley',
          decision: 'changes-requested',
          at: '2026-12-06T10:20:00Z',
          comment: 'name the port',
          counted: false,
        },
      ],
    };
    await renderAs(holding(rejected), 'user:default/riley');

    const drawer = await openRequest('21');
    expect(
      await drawer.findByRole('button', { name: 'Changes requested by you' }),
    ).toBeDisabled();
    expect(drawer.getByRole('button', { name: 'Approve' })).toBeEnabled();
    expect(
      within(drawer.getByRole('list', { name: 'Reviews' })).getByRole(
        'listitem',
      ),
    ).toHaveTextContent(/^riley requested changes/);
  });
});

describe("a request's own URL", () => {
  it('opens the drawer of the request its URL names, with a link to share', async () => {
    await renderAs(holding(filedRequest), 'user:default/riley', {
      url: '/?request=21',
    });

    const drawer = within(await screen.findByRole('presentation'));
    expect(
      await drawer.findByRole('heading', { name: 'Request #21' }),
    ).toBeInTheDocument();
    expect(
      drawer.getByRole('link', { name: /^Link to this request/ }),
    ).toHaveAttribute('href', filedRequest.portalUrl);
    expect(
      drawer.getByText(/Reviewed and merged here, in the portal/),
    ).toHaveTextContent('netseal/request-21');
  });

  it('says a local request is reviewed here, not on a Git host', async () => {
    await renderAs(holding(filedRequest), 'user:default/riley');

    const row = (await screen.findByText('#21')).closest('tr')!;
    expect(within(row).getByText('reviewed here')).toBeInTheDocument();
    expect(within(row).queryByRole('link')).toBeNull();
  });
});

describe('closing a request', () => {
  function closingApi(request: ReplacementRequestDetail) {
    let current = request;
    const calls: string[] = [];
    const api = stubNetsealApi({
      listRequests: async () => ({ items: [current], totalCount: 1 }),
      getRequest: async () => current,
      closeRequest: async (id, input) => {
        calls.push(`close ${id}: ${input?.reason ?? ''}`);
        current = { ...current, state: 'closed' };
        return current;
      },
    });
    return { api, calls };
  }

  it('lets the requester close their request after confirming, with a reason', async () => {
    const { api, calls } = closingApi(filedRequest);
    await renderAs(api, 'user:default/guest', {
      authorize: AuthorizeResult.DENY,
    });

    const drawer = await openRequest('21');
    await userEvent.click(
      await drawer.findByRole('button', { name: 'Close request' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    expect(
      dialog.getByText(
        'Its branch is deleted and nothing is merged. The policies are free for a new request.',
      ),
    ).toBeInTheDocument();
    await userEvent.type(
      dialog.getByRole('textbox', { name: 'Why (optional)' }),
      'checkout stays on 8443',
    );
    await userEvent.click(
      dialog.getByRole('button', { name: 'Close request' }),
    );

    expect(
      await drawer.findByRole('status', { name: 'closed' }),
    ).toBeInTheDocument();
    expect(calls).toEqual(['close 21: checkout stays on 8443']);
    expect(drawer.queryByRole('button', { name: 'Close request' })).toBeNull();
  });

  it('offers no Close to someone who neither filed the request nor may review it', async () => {
    await renderAs(closingApi(filedRequest).api, 'user:default/ana', {
      authorize: AuthorizeResult.DENY,
    });

    const drawer = await openRequest('21');
    await drawer.findByText(
      'Reviewing needs the permission netseal.request.review on component:default/payments.',
    );
    expect(drawer.queryByRole('button', { name: 'Close request' })).toBeNull();
  });
});
