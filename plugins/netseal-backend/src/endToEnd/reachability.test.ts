import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { NetsealDatabase } from '../database';
import { netsealPlugin } from '../plugin';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';

// Starting a backend on a loaded CI machine: a bound, not an expectation of speed.
jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const PAYMENTS = 'component:default/payments';
const reachabilityPath =
  '/api/netseal/entities/component/default/payments/reachability';

const denyAllEgress = sealed({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: {
    name: 'deny-all-egress',
    namespace: 'shop',
    labels: { 'netseal.io/sealed': 'true' },
  },
  spec: {
    podSelector: { matchLabels: { app: 'payments' } },
    policyTypes: ['Egress'],
  },
});

const liveOnly = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'open-to-all', namespace: 'shop' },
  spec: { podSelector: { matchLabels: { app: 'payments' } }, ingress: [{}] },
};

function component(name: string, annotations: Record<string, string>) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {},
  };
}

/** A backend whose drift store already holds the verdicts of a check. */
async function startBackend(
  options: { permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY } = {},
) {
  const knex = await databases.init('SQLITE_3');
  const database = mockServices.database({ knex });
  const store = (await NetsealDatabase.create({ database })).driftStore;
  const checkedAt = new Date(Date.UTC(2026, 10, 26, 9));
  const verdict = { status: 'in-sync' as const, differences: [] };
  await store.replaceStatuses({
    entityRef: PAYMENTS,
    statuses: [
      {
        ...verdict,
        cluster: 'prod-us',
        namespace: 'shop',
        name: 'deny-all-egress',
        sealedManifest: denyAllEgress,
      },
      {
        ...verdict,
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
        sealedManifest: sealed(allowCheckout),
      },
      {
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'open-to-all',
        status: 'unsealed',
        reason: 'in the cluster, not in the policy source',
        differences: [],
        liveManifest: liveOnly,
      },
    ],
    checkedAt,
  });
  return startTestBackend({
    features: [
      netsealPlugin,
      mockServices.database.factory({ knex }),
      // The drift sync would replace the seeded verdicts; these tests read them.
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.permissions.factory({
        result: options.permission ?? AuthorizeResult.ALLOW,
      }),
      catalogServiceMock.factory({
        entities: [
          component('payments', {
            'netseal.io/policy-source': 'https://git.example/payments',
            'backstage.io/kubernetes-id': 'payments',
          }),
          component('checkout', {
            'netseal.io/policy-source': 'https://git.example/checkout',
          }),
        ],
      }),
    ],
  });
}

describe('GET /entities/{kind}/{namespace}/{name}/reachability', () => {
  it('answers in mode sealed one picture per cluster with sealed policies, ordered by cluster, leaving out live-only policies', async () => {
    const backend = await startBackend();
    try {
      const res = await request(backend.server).get(
        `${reachabilityPath}?mode=sealed`,
      );

      expect(res.status).toBe(200);
      expect(
        res.body.items.map((item: { cluster: string }) => item.cluster),
      ).toEqual(['prod-eu', 'prod-us']);
      expect(res.body.items[0].mode).toBe('sealed');
      expect(res.body.items[0].liveUnavailable).toBeUndefined();
      expect(res.body.items[0].reachability).toEqual({
        pods: 'pods backstage.io/kubernetes-id=payments',
        policies: ['shop/allow-checkout'],
        ingress: {
          mode: 'isolated',
          summary:
            'Ingress is isolated: only the peers below may connect; all other traffic is denied by default.',
          peers: [
            {
              peer: {
                kind: 'pods',
                label: 'pods app=checkout in namespace shop',
              },
              ports: ['TCP 8443'],
              policies: ['shop/allow-checkout'],
            },
          ],
        },
        egress: {
          mode: 'not-isolated',
          summary:
            'Egress is NOT isolated: the pods may connect to any pod or address on any port.',
          peers: [],
        },
      });
      expect(res.body.items[1].reachability).toMatchObject({
        policies: ['shop/deny-all-egress'],
        ingress: { mode: 'not-isolated' },
        egress: { mode: 'isolated', peers: [] },
      });
    } finally {
      await backend.stop();
    }
  });

  it('answers the sealed picture by default where a cluster cannot be seen live, saying why', async () => {
    const backend = await startBackend();
    try {
      const res = await request(backend.server).get(reachabilityPath);

      expect(res.status).toBe(200);
      expect(res.body.items[0]).toEqual(
        expect.objectContaining({
          cluster: 'prod-eu',
          mode: 'sealed',
          liveUnavailable:
            'cluster prod-eu is not configured, so only its sealed policies are known',
        }),
      );
      expect(res.body.items[0].reachability.policies).toEqual([
        'shop/allow-checkout',
      ]);
    } finally {
      await backend.stop();
    }
  });

  it('answers an empty list for an entity without sealed policies', async () => {
    const backend = await startBackend();
    try {
      const res = await request(backend.server).get(
        '/api/netseal/entities/component/default/checkout/reachability',
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [] });
    } finally {
      await backend.stop();
    }
  });

  it('answers 403, naming the permission, when the caller may not read the policies', async () => {
    const backend = await startBackend({ permission: AuthorizeResult.DENY });
    try {
      const res = await request(backend.server).get(reachabilityPath);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'You may not read the network policies of component:default/payments (permission netseal.policy.read)',
      );
    } finally {
      await backend.stop();
    }
  });

  it('answers 404 for an entity that is not in the catalog', async () => {
    const backend = await startBackend();
    try {
      const res = await request(backend.server).get(
        '/api/netseal/entities/component/default/nobody/reachability',
      );
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        'No entity component:default/nobody in the catalog',
      );
    } finally {
      await backend.stop();
    }
  });
});
