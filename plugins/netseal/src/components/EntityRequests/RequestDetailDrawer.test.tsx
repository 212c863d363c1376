import { identityApiRef } from '@backstage/core-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReplacementRequestDetail } from '@netseal/backstage-plugin-netseal-common';
import { NetsealApi, netsealApiRef } from '../../api';
import { PAYMENTS_REF } from '../../__fixtures__/paymentsEntity';
import {
  mergedRequest,
  paymentsRollout,
  runningRollout,
} from '../../__fixtures__/paymentsRollout';
import { stubNetsealApi } from '../../__testUtils__/stubNetsealApi';
import { EntityRequestsTable } from './EntityRequestsTable';
import { RequestDetailDrawer } from './RequestDetailDrawer';
import { FreshPermissions } from '../../__testUtils__/FreshPermissions';

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
  reviews: [],
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
      <FreshPermissions>
        <EntityRequestsTable entityRef={entityRef} />
      </FreshPermissions>
    </TestApiProvider>,
  );
}

async function openRequest(id = '7') {
  await userEvent.click(await screen.findByText(`#${id}`));
  return within(await screen.findByRole('presentation'));
}

describe('RequestDetailDrawer', () => {
  it('lets a reviewer approve a local request once, saying so on the button, and then merge it', async () => {
    const { api, calls } = localApi();
    await renderAs(api, 'user:default/riley');

    const drawer = await openRequest();
    expect(
      await drawer.findByText('0 of 1 approvals needed'),
    ).toBeInTheDocument();
    const merge = drawer.getByRole('button', { name: 'Merge' });
    expect(merge).toBeDisabled();

    await userEvent.click(drawer.getByRole('button', { name: 'Approve' }));
    expect(
      await drawer.findByText('1 of 1 approvals needed'),
    ).toBeInTheDocument();
    expect(
      within(drawer.getByRole('list', { name: 'Reviews' })).getByText(
        /^riley approved/,
      ),
    ).toBeInTheDocument();
    // Approving twice is impossible; rejecting stays possible.
    expect(
      drawer.getByRole('button', { name: 'Approved by you' }),
    ).toBeDisabled();
    expect(drawer.queryByRole('button', { name: 'Approve' })).toBeNull();
    await userEvent.type(
      drawer.getByRole('textbox', { name: 'Review comment' }),
      'wait',
    );
    expect(drawer.getByRole('button', { name: 'Reject' })).toBeEnabled();
    expect(merge).toBeEnabled();

    await userEvent.click(merge);
    expect(
      await drawer.findByRole('status', { name: 'merged' }),
    ).toHaveTextContent('merged');
    // A merged request has nothing left to review.
    expect(drawer.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(calls).toEqual(['approve 7', 'merge 7']);
  });

  it('offers the requester no review of their own request, and says who approves it', async () => {
    const { api } = localApi();
    await renderAs(api, 'user:default/guest');

    const drawer = await openRequest();
    expect(
      await drawer.findByText(
        'You filed this request, so another reviewer approves it; you can close it.',
      ),
    ).toBeInTheDocument();
    expect(drawer.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(drawer.queryByRole('button', { name: 'Reject' })).toBeNull();
    expect(
      drawer.getByRole('button', { name: 'Close request' }),
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

  describe('rollout', () => {
    /** A backend double holding merged request 14, whose rollout starts as given. */
    function mergedApi(startRollout: NetsealApi['startRollout']) {
      let request: ReplacementRequestDetail = mergedRequest;
      const calls: string[] = [];
      const api = stubNetsealApi({
        listRequests: async () => ({ items: [request], totalCount: 1 }),
        getRequest: async () => request,
        startRollout: async id => {
          calls.push(`rollout ${id}`);
          request = await startRollout(id);
          return request;
        },
      });
      return { api, calls };
    }

    it('rolls out a merged request and shows its steps', async () => {
      const { api, calls } = mergedApi(async () => ({
        ...mergedRequest,
        state: 'rolling-out',
        rollout: runningRollout,
      }));
      await renderAs(api, 'user:default/riley');

      const drawer = await openRequest('14');
      await userEvent.click(
        await drawer.findByRole('button', { name: 'Roll out' }),
      );

      const rollout = await drawer.findByRole('region', { name: 'Rollout' });
      expect(
        within(rollout).getByRole('row', { name: /Create the guard/ }),
      ).toHaveTextContent('running');
      expect(drawer.queryByRole('button', { name: 'Roll out' })).toBeNull();
      expect(calls).toEqual(['rollout 14']);
    });

    it("shows the server's reason when it refuses the rollout", async () => {
      const reason =
        'Request 14 has 0 counted approvals of 1 on the Git host: sam approved before the last push';
      const { api } = mergedApi(async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: { name: 'ConflictError', message: reason },
              request: { method: 'POST', url: '/requests/14/rollout' },
              response: { statusCode: 409 },
            }),
            {
              status: 409,
              statusText: 'Conflict',
              headers: { 'Content-Type': 'application/json' },
            },
          ),
        );
      });
      await renderAs(api, 'user:default/riley');

      const drawer = await openRequest('14');
      await userEvent.click(
        await drawer.findByRole('button', { name: 'Roll out' }),
      );

      expect(await drawer.findByText(reason)).toBeInTheDocument();
      expect(drawer.getByRole('button', { name: 'Roll out' })).toBeEnabled();
    });

    it('disables Roll out, naming the permission, for a user without netseal.rollout.execute', async () => {
      const { api, calls } = mergedApi(async () => mergedRequest);
      await renderAs(
        api,
        'user:default/riley',
        AuthorizeResult.DENY,
        'component:default/no-rollout',
      );

      const drawer = await openRequest('14');
      const button = await drawer.findByRole('button', { name: 'Roll out' });
      await waitFor(() => expect(button).toBeDisabled());
      await userEvent.hover(button.parentElement!);
      expect(
        await screen.findByRole('tooltip', {
          name: /netseal\.rollout\.execute on component:default\/no-rollout/,
        }),
      ).toBeInTheDocument();
      expect(calls).toEqual([]);
    });

    it('shows a finished rollout without offering to start another', async () => {
      const finished: ReplacementRequestDetail = {
        ...mergedRequest,
        state: 'rolled-back',
        rollout: paymentsRollout,
      };
      await renderAs(
        stubNetsealApi({
          listRequests: async () => ({ items: [finished], totalCount: 1 }),
          getRequest: async () => finished,
        }),
        'user:default/riley',
      );

      const drawer = await openRequest('14');
      expect(
        await drawer.findByRole('region', { name: 'Cluster prod-us' }),
      ).toBeInTheDocument();
      expect(drawer.queryByRole('button', { name: 'Roll out' })).toBeNull();
    });
  });

  describe('refresh pace', () => {
    // The paces people see, written out: the constants' own values would prove nothing.
    const TWO_SECONDS = 2_000;
    const ONE_MINUTE = 60_000;
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    /** Renders the drawer on request 14, answering each read with the next of `answers` (the last one repeats). */
    async function renderReading(answers: ReplacementRequestDetail[]) {
      let reads = 0;
      const api = stubNetsealApi({
        getRequest: async () => answers[Math.min(reads++, answers.length - 1)],
      });
      await renderInTestApp(
        <TestApiProvider
          apis={[
            [netsealApiRef, api],
            [
              permissionApiRef,
              mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
            ],
            [
              identityApiRef,
              mockApis.identity({ userEntityRef: 'user:default/riley' }),
            ],
          ]}
        >
          <RequestDetailDrawer
            entityRef={PAYMENTS_REF}
            requestId="14"
            onClose={() => {}}
          />
        </TestApiProvider>,
      );
      await act(async () => {});
      return { reads: () => reads };
    }

    async function waitMs(ms: number) {
      await act(async () => {
        jest.advanceTimersByTime(ms);
      });
    }

    it('shows a running rollout step by step as it advances', async () => {
      const advanced: ReplacementRequestDetail = {
        ...mergedRequest,
        state: 'rolling-out',
        rollout: {
          ...runningRollout,
          clusters: runningRollout.clusters.map(cluster => ({
            ...cluster,
            steps: cluster.steps.map(step => ({
              ...step,
              status: step.index === 0 ? 'done' : 'running',
            })),
          })),
        },
      };
      await renderReading([
        { ...mergedRequest, state: 'rolling-out', rollout: runningRollout },
        advanced,
      ]);
      const guardRow = () =>
        screen.getByRole('row', { name: /Create the guard/ });
      expect(guardRow()).toHaveTextContent('running');

      await waitMs(TWO_SECONDS);

      expect(guardRow()).toHaveTextContent('done');
    });

    it('reads a merged request again within seconds, as its rollout may start any moment', async () => {
      const { reads } = await renderReading([mergedRequest]);
      const before = reads();

      await waitMs(TWO_SECONDS);

      expect(reads()).toBe(before + 1);
    });

    it('reads an open request only once a minute, as each read asks its Git host', async () => {
      const { reads } = await renderReading([localRequest]);
      const before = reads();

      await waitMs(ONE_MINUTE - 1);
      expect(reads()).toBe(before);
      await waitMs(1);
      expect(reads()).toBe(before + 1);
    });

    it('slows down to once a minute when the rollout has ended', async () => {
      const { reads } = await renderReading([
        { ...mergedRequest, state: 'rolling-out', rollout: runningRollout },
        { ...mergedRequest, state: 'rolled-back', rollout: paymentsRollout },
      ]);
      await waitMs(TWO_SECONDS);
      expect(
        screen.getByRole('region', { name: 'Cluster prod-us' }),
      ).toBeInTheDocument();
      const afterEnd = reads();

      await waitMs(ONE_MINUTE - 1);
      expect(reads()).toBe(afterEnd);
    });
  });
});
