import { KubeApiTestServer } from '@netseal/kube-api-test-server';
import request from 'supertest';
import { waitFor } from '../clusters/__testUtils__/waitFor';
import {
  clusterConfig,
  clusterTokens,
  createPolicyRepository,
  PolicyRepository,
  policiesPath,
  startNetsealBackend,
  startTestCluster,
  statusesOf,
} from './__testUtils__/endToEnd';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';

const REJECTED =
  "cluster prod-us rejected the credentials (unauthorized): the API server answered 401 Unauthorized to Netseal's read-only identity; check the token or kubeconfig user configured for cluster prod-us";
const FORBIDDEN =
  'cluster prod-ap forbids reading (forbidden): the API server answered 403 Forbidden: ' +
  'networkpolicies.networking.k8s.io is forbidden: User "netseal-no-policies" cannot list resource "networkpolicies" in API group "networking.k8s.io" at the cluster scope; ' +
  "grant Netseal's read-only identity get, list and watch on networkpolicies, pods and namespaces in all namespaces";

describe('a cluster that rejects or forbids the read-only identity, through the API', () => {
  // Bounds for a loaded CI machine, not expectations of speed.
  jest.setTimeout(90_000);

  let repository: PolicyRepository;
  let cluster: KubeApiTestServer;

  beforeAll(async () => {
    // One test server stands for three clusters: each is configured with another token.
    repository = createPolicyRepository({
      'payments/prod-eu/allow-checkout.yaml': sealed(allowCheckout),
      'payments/prod-us/allow-checkout.yaml': sealed(allowCheckout),
      'payments/prod-ap/allow-checkout.yaml': sealed(allowCheckout),
    });
    cluster = await startTestCluster([sealed(allowCheckout)]);
  });

  afterAll(async () => {
    await cluster?.stop();
    repository?.remove();
  });

  function startBackend() {
    return startNetsealBackend({
      repository,
      clusters: [
        clusterConfig('prod-eu', cluster),
        clusterConfig('prod-us', cluster, 'not-a-token'),
        clusterConfig('prod-ap', cluster, clusterTokens.noPolicies.token),
      ],
    });
  }

  it("shows the policies of a cluster answering 401 or 403 as unknown, naming the cluster, the answer and the fix, and keeps the others' statuses", async () => {
    const backend = await startBackend();
    try {
      await waitFor(async () => {
        const res = await request(backend.server).get(policiesPath);
        return Object.keys(statusesOf(res.body)).length === 3;
      }, 'a status in each cluster');

      const res = await request(backend.server).get(policiesPath);
      expect(res.status).toBe(200);
      expect(statusesOf(res.body)).toEqual({
        'prod-ap/allow-checkout': 'unknown',
        'prod-eu/allow-checkout': 'in-sync',
        'prod-us/allow-checkout': 'unknown',
      });
      const reasons = Object.fromEntries(
        res.body.items.map((item: { cluster: string; reason?: string }) => [
          item.cluster,
          item.reason,
        ]),
      );
      expect(reasons['prod-us']).toBe(REJECTED);
      expect(reasons['prod-ap']).toBe(FORBIDDEN);
      expect(res.body.worstStatus).toBe('unknown');
    } finally {
      await backend.stop();
    }
  });

  it('reports the clusters as unauthorized and forbidden with the same reasons', async () => {
    const backend = await startBackend();
    try {
      const res = await request(backend.server).get('/api/netseal/clusters');
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({ name: 'prod-eu', state: 'connected' }),
        expect.objectContaining({
          name: 'prod-us',
          state: 'unauthorized',
          reason: REJECTED,
          policyCount: 0,
        }),
        expect.objectContaining({
          name: 'prod-ap',
          state: 'forbidden',
          reason: FORBIDDEN,
          policyCount: 0,
        }),
      ]);
    } finally {
      await backend.stop();
    }
  });
});
