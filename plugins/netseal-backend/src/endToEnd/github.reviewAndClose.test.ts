import { mockCredentials } from '@backstage/backend-test-utils';
import type { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';
import request from 'supertest';
import { stringify } from 'yaml';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';
import { PAYMENTS } from './__testUtils__/endToEnd';
import { useGithubPaymentsBackend } from './__testUtils__/useGithubPaymentsBackend';

const JANE = mockCredentials.user.header('user:default/jane');

const onPort9443: NetworkPolicy = structuredClone(allowCheckout);
onPort9443.spec.ingress![0].ports = [{ port: 9443 }];

describe('a request whose change is a GitHub pull request: its history and closing it', () => {
  // Bounds for a loaded CI machine, not expectations of speed.
  jest.setTimeout(90_000);

  const github = useGithubPaymentsBackend(
    { 'payments/prod-eu/allow-checkout.yaml': sealed(allowCheckout) },
    [sealed(allowCheckout)],
  );

  async function filed(server: Parameters<typeof request>[0]) {
    return (
      await request(server)
        .post('/api/netseal/requests')
        .set('Authorization', JANE)
        .send({
          entityRef: PAYMENTS,
          reason: 'checkout moved to 9443',
          changes: [
            {
              op: 'replace',
              cluster: 'prod-eu',
              namespace: 'shop',
              name: 'allow-checkout',
              manifest: stringify(onPort9443),
            },
          ],
        })
        .expect(201)
    ).body.id as string;
  }

  it('records an approval read from GitHub as read by the backend, naming the approver', async () => {
    const { fake, server } = await github.start();
    const id = await filed(server);
    fake.collaborator('ana-gh', 'write');
    fake.review(1, { login: 'ana-gh', state: 'APPROVED' });

    const detail = await request(server)
      .get(`/api/netseal/requests/${id}`)
      .set('Authorization', JANE);

    expect(detail.body.state).toBe('approved');
    expect(detail.body.transitions.at(-1)).toEqual(
      expect.objectContaining({
        from: 'open',
        to: 'approved',
        actor: 'system',
        reason:
          'the change is approved on its Git host (by ana-gh); 1 of 1 approvals count',
      }),
    );
  });

  it('comments who closed it and why on the pull request, then closes it on GitHub', async () => {
    const { fake, server } = await github.start();
    const id = await filed(server);

    const closed = await request(server)
      .post(`/api/netseal/requests/${id}/close`)
      .set('Authorization', JANE)
      .send({ reason: 'checkout keeps <8443>' });

    expect(closed.status).toBe(200);
    expect(closed.body).toEqual(
      expect.objectContaining({
        state: 'closed',
        url: 'https://ghe.example/acme/policies/pull/1',
      }),
    );
    expect(fake.pulls[0]).toEqual(
      expect.objectContaining({ state: 'closed', merged: false }),
    );
    expect(fake.comments.map(comment => comment.body)).toEqual([
      'Closed in Netseal by `user:default/jane`: checkout keeps &lt;8443>',
    ]);
  });
});
