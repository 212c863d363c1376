import { networkPolicyApiResources } from '@netseal/kube-api-test-server';
import request from 'supertest';
import { checkoutPodInShop, PAYMENTS } from './__testUtils__/endToEnd';
import {
  allowCheckoutOnPort,
  usePaymentsBackend,
} from './__testUtils__/usePaymentsBackend';

/**
 * The cluster's baseline for payments' pods: deny ingress from every namespace and
 * egress to every address (a `networks` peer matches pod addresses too), unless a
 * NetworkPolicy says otherwise. Checkout's pods are not its subject.
 */
const baselineDeny = {
  apiVersion: 'policy.networking.k8s.io/v1alpha1',
  kind: 'BaselineAdminNetworkPolicy',
  metadata: { name: 'default' },
  spec: {
    subject: {
      pods: {
        namespaceSelector: {},
        podSelector: { matchLabels: { app: 'payments' } },
      },
    },
    ingress: [{ name: 'deny-all', action: 'Deny', from: [{ namespaces: {} }] }],
    egress: [
      {
        name: 'deny-internet',
        action: 'Deny',
        to: [{ networks: ['0.0.0.0/0'] }],
      },
    ],
  },
};

const BASELINE = 'BaselineAdminNetworkPolicy default';

const change = (op: 'replace' | 'remove') => ({
  op,
  cluster: 'prod-eu',
  namespace: 'shop',
  name: 'allow-checkout',
  ...(op === 'replace'
    ? { manifest: allowCheckoutOnPort(9443) }
    : { acknowledgeNonIsolation: true }),
});

describe('a cluster with a BaselineAdminNetworkPolicy', () => {
  // Bounds for a loaded CI machine, not expectations of speed.
  jest.setTimeout(90_000);

  const { start } = usePaymentsBackend({
    clusterExtra: [checkoutPodInShop, baselineDeny],
    clusterResources: networkPolicyApiResources(),
  });

  it('shows the kind on the clusters list, found by discovery and read', async () => {
    const { server } = await start();
    const { body } = await request(server).get('/api/netseal/clusters');
    expect(body.items[0].clusterScopedPolicies).toEqual({
      kinds: [
        {
          kind: 'BaselineAdminNetworkPolicy',
          group: 'policy.networking.k8s.io',
          count: 1,
          read: true,
        },
      ],
    });
  });

  it('leaves a change certain where NetworkPolicies isolate the pods, and answers unknown where the baseline may decide, naming it', async () => {
    const { server } = await start();
    const preview = (op: 'replace' | 'remove') =>
      request(server)
        .post('/api/netseal/requests/preview')
        .send({ entityRef: PAYMENTS, changes: [change(op)] });

    // allow-checkout isolates payments' ingress before and after: the baseline, which
    // comes after NetworkPolicies, cannot decide it; nor checkout's egress, not its subject.
    const moved = await preview('replace');
    expect(moved.body.accessChanges[0].changes).toEqual([
      expect.not.objectContaining({ mayBeOverriddenBy: expect.anything() }),
      expect.not.objectContaining({ mayBeOverriddenBy: expect.anything() }),
    ]);

    // Without allow-checkout nothing isolates payments: its ingress is the baseline's
    // to decide, so what opens is unknown.
    const removed = await preview('remove');
    const lines = removed.body.accessChanges[0].changes;
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatchObject({
        change: 'opened',
        mayBeOverriddenBy: [BASELINE],
        text: expect.stringContaining(
          `unknown whether it takes effect: ${BASELINE} may override the NetworkPolicies`,
        ),
      });
    }
  });

  it("marks the picture's directions the baseline may decide", async () => {
    const { server } = await start();
    const { body } = await request(server).get(
      '/api/netseal/entities/component/default/payments/reachability',
    );
    const picture = body.items[0].reachability;
    // Ingress is isolated by allow-checkout; egress is not isolated, so the baseline's
    // egress rule may decide it.
    expect(picture.ingress.mayBeOverriddenBy).toBeUndefined();
    expect(picture.egress).toMatchObject({
      mode: 'not-isolated',
      mayBeOverriddenBy: [BASELINE],
    });
  });
});
