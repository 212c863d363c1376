import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { waitFor } from '../clusters/__testUtils__/waitFor';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';
import {
  adminRequest,
  checkoutPodInShop,
  patchLivePolicy,
  resetLivePolicies,
} from './__testUtils__/endToEnd';
import {
  replaceAllowCheckoutOnPort,
  usePaymentsBackend,
} from './__testUtils__/usePaymentsBackend';

const ANA = mockCredentials.user.header('user:default/ana');

/**
 * What a reviewer sees of a request through GET /requests/{id}: what its pull request
 * holds, kept when it was filed, and its policies' drift status now.
 */
describe("a request's reviewer view, through the API", () => {
  // Bounds for a loaded CI machine, not expectations of speed.
  jest.setTimeout(90_000);

  const payments = usePaymentsBackend({ clusterExtra: [checkoutPodInShop] });

  afterEach(async () => {
    await resetLivePolicies(payments.cluster, [sealed(allowCheckout)]);
  });

  async function filed(server: Parameters<typeof request>[0]) {
    const preview = await request(server)
      .post('/api/netseal/requests/preview')
      .send({
        entityRef: replaceAllowCheckoutOnPort(9443).entityRef,
        changes: replaceAllowCheckoutOnPort(9443).changes,
      })
      .expect(200);
    const { id } = (
      await request(server)
        .post('/api/netseal/requests')
        .send(replaceAllowCheckoutOnPort(9443))
        .expect(201)
    ).body;
    return { id: id as string, preview: preview.body };
  }

  it('shows what the pull request holds, as the preview showed it: the diff as committed, both seals, the access changes and the rollout plan', async () => {
    const { server } = await payments.start();
    const { id, preview } = await filed(server);

    const detail = (await request(server).get(`/api/netseal/requests/${id}`))
      .body;

    const [change] = detail.changes;
    expect(change).toEqual(
      expect.objectContaining({
        oldSeal: preview.changes[0].oldSeal,
        newSeal: preview.changes[0].newSeal,
      }),
    );
    expect(change.oldSeal).not.toBe(change.newSeal);
    expect(detail.asFiled.changes).toEqual([
      {
        oldText: preview.changes[0].oldText,
        newText: preview.changes[0].newText,
        diff: preview.changes[0].diff,
        summary: preview.changes[0].summary,
        selectsService: true,
      },
    ]);
    expect(detail.asFiled.changes[0].diff).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^-\s+- port: 8443$/),
        expect.stringMatching(/^\+\s+- port: 9443$/),
      ]),
    );
    expect(detail.asFiled.accessChanges).toEqual(preview.accessChanges);
    expect(
      detail.asFiled.accessChanges[0].changes.map(
        (line: { text: string }) => line.text,
      ),
    ).toEqual([
      expect.stringMatching(/^Closes: .* on TCP 8443/),
      expect.stringMatching(/^Opens: .* on TCP 9443/),
    ]);
    expect(detail.asFiled.rolloutPlan).toEqual({
      strategy: expect.stringMatching(/^fail-closed delete-and-recreate/),
      clusters: [
        {
          cluster: 'prod-eu',
          steps: [
            expect.stringMatching(/^Create the guard shop\/netseal-guard-/),
            'Delete shop/allow-checkout.',
            'Create shop/allow-checkout, labelled netseal.io/sealed=true.',
            `Read shop/allow-checkout back and check its digest against ${change.newSeal}.`,
            expect.stringMatching(/^Delete the guard shop\/netseal-guard-/),
          ],
        },
      ],
    });
  });

  it('keeps the access changes as filed when the cluster changes after, while a new preview sees the change', async () => {
    const { server } = await payments.start();
    const { id, preview } = await filed(server);
    const podPath = '/api/v1/namespaces/shop/pods';
    await adminRequest(payments.cluster, 'DELETE', `${podPath}/checkout-0`);
    try {
      await waitFor(async () => {
        const again = await request(server)
          .post('/api/netseal/requests/preview')
          .send({
            entityRef: replaceAllowCheckoutOnPort(9443).entityRef,
            changes: replaceAllowCheckoutOnPort(9443).changes,
          });
        // The request holds the policy, so a second one is only previewed.
        return again.body.accessChanges?.[0]?.changes.length === 0;
      }, 'the live view without checkout-0');

      const detail = (await request(server).get(`/api/netseal/requests/${id}`))
        .body;

      expect(detail.asFiled.accessChanges).toEqual(preview.accessChanges);
      expect(detail.asFiled.accessChanges[0].changes).toHaveLength(2);
    } finally {
      await adminRequest(payments.cluster, 'POST', podPath, checkoutPodInShop);
    }
  });

  it("shows the policy's drift status now, read at each look", async () => {
    const { server } = await payments.start();
    const { id } = await filed(server);
    const statusOf = async () =>
      (await request(server).get(`/api/netseal/requests/${id}`)).body
        .policyStatuses;

    expect(await statusOf()).toEqual([
      expect.objectContaining({
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
        status: 'in-sync',
      }),
    ]);

    await patchLivePolicy(payments.cluster, {
      metadata: { labels: { edited: 'by-hand' } },
    });

    await waitFor(
      async () => (await statusOf())[0].status === 'drifted',
      'allow-checkout drifted in the request',
    );
  });

  it('refuses a second approval by the same reviewer with words, and lets them reject after', async () => {
    const { server } = await payments.start();
    const { id } = await filed(server);
    await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'approve', comment: 'port matches checkout' })
      .expect(200);

    const again = await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'approve' });

    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(
      new RegExp(
        `^you approved request ${id} already \\(.+\\), and an approval counts once; to withdraw it, reject the request with a comment$`,
      ),
    );
    const rejected = await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'reject', comment: 'wait, checkout is not ready' })
      .expect(200);
    expect(rejected.body).toEqual(
      expect.objectContaining({
        state: 'open',
        approvals: 0,
        reviews: [
          expect.objectContaining({
            reviewer: 'user:default/ana',
            decision: 'approved',
            comment: 'port matches checkout',
            at: expect.any(String),
          }),
          expect.objectContaining({
            reviewer: 'user:default/ana',
            decision: 'changes-requested',
            comment: 'wait, checkout is not ready',
          }),
        ],
      }),
    );
    expect(
      rejected.body.transitions.map(
        (transition: { to: string; actor: string; reason: string }) => [
          transition.to,
          transition.actor,
          transition.reason,
        ],
      ),
    ).toEqual([
      ['open', 'user:default/mock', 'checkout moved to 9443'],
      [
        'approved',
        'user:default/ana',
        'approved in the portal; 1 of 1 approvals count',
      ],
      [
        'open',
        'user:default/ana',
        'requested changes in the portal: wait, checkout is not ready; 0 of 1 approvals count',
      ],
    ]);
  });
});
