import { KubeApiTestServer } from '@netseal/kube-api-test-server';
import request from 'supertest';
import { waitFor } from '../clusters/__testUtils__/waitFor';
import {
  clusterConfig,
  createPolicyRepository,
  historyPath,
  liveRequest,
  patchLivePolicy,
  PolicyRepository,
  policiesPath,
  startNetsealBackend,
  startTestCluster,
} from './__testUtils__/endToEnd';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';

describe('drift status through the API (real Git repository, Kubernetes API test server)', () => {
  // Each test starts a backend and waits for live events: bounds for a loaded CI
  // machine, not expectations of speed.
  jest.setTimeout(90_000);

  let repository: PolicyRepository;
  let cluster: KubeApiTestServer;

  beforeAll(async () => {
    repository = createPolicyRepository({
      'payments/prod-eu/allow-checkout.yaml': sealed(allowCheckout),
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
      clusters: [clusterConfig('prod-eu', cluster)],
    });
  }

  it('shows a sealed policy in sync, then drifted with its difference after an in-place edit', async () => {
    const backend = await startBackend();
    const server = backend.server;
    try {
      await waitFor(async () => {
        const res = await request(server).get(policiesPath);
        return res.body.items?.[0]?.status === 'in-sync';
      }, 'allow-checkout in sync');

      const edited = sealed(allowCheckout);
      edited.spec.ingress![0].ports = [{ port: 9443 }];
      await patchLivePolicy(cluster, { spec: edited.spec });

      await waitFor(async () => {
        const res = await request(server).get(policiesPath);
        return res.body.items?.[0]?.status === 'drifted';
      }, 'allow-checkout drifted');

      const detail = await request(server).get(
        `${policiesPath}/prod-eu/shop/allow-checkout`,
      );
      expect(detail.status).toBe(200);
      expect(detail.body.differences).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            path: expect.stringContaining('spec.ingress[0].ports'),
          }),
        ]),
      );
      expect(detail.body.sealedManifest.spec.ingress[0].ports).toEqual([
        { port: 8443 },
      ]);

      const history = await request(server).get(historyPath);
      expect(
        history.body.items.map((t: { from?: string; to?: string }) => [
          t.from,
          t.to,
        ]),
      ).toEqual([
        ['in-sync', 'drifted'],
        [undefined, 'in-sync'],
      ]);
    } finally {
      await patchLivePolicy(cluster, { spec: allowCheckout.spec });
      await backend.stop();
    }
  });

  it('shows a deleted policy as missing and a live-only policy selecting the pods as unsealed', async () => {
    const backend = await startBackend();
    const server = backend.server;
    try {
      await waitFor(async () => {
        const res = await request(server).get(policiesPath);
        return res.body.items?.[0]?.status !== undefined;
      }, 'the first check');

      await liveRequest(cluster, 'DELETE', '/allow-checkout');
      await liveRequest(cluster, 'POST', '', {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'open-to-all', namespace: 'shop' },
        spec: {
          podSelector: { matchLabels: { app: 'payments' } },
          ingress: [{}],
        },
      });

      await waitFor(async () => {
        const res = await request(server).get(policiesPath);
        const byName = Object.fromEntries(
          (res.body.items ?? []).map(
            (item: { name: string; status: string }) => [
              item.name,
              item.status,
            ],
          ),
        );
        return (
          byName['allow-checkout'] === 'missing' &&
          byName['open-to-all'] === 'unsealed'
        );
      }, 'allow-checkout missing and open-to-all unsealed');

      const res = await request(server).get(policiesPath);
      expect(res.body.worstStatus).toBe('missing');
      expect(
        res.body.items.find(
          (item: { name: string }) => item.name === 'open-to-all',
        ).reason,
      ).toMatch(/not in the policy source/);
    } finally {
      await liveRequest(cluster, 'DELETE', '/open-to-all');
      await liveRequest(cluster, 'POST', '', sealed(allowCheckout));
      await backend.stop();
    }
  });

  it('reports unknown with the reason while the cluster is unreachable, and recovers', async () => {
    const backend = await startBackend();
    const server = backend.server;
    try {
      await waitFor(async () => {
        const res = await request(server).get(policiesPath);
        return res.body.items?.[0]?.status === 'in-sync';
      }, 'allow-checkout in sync');

      const refused = cluster.faults.refuseConnections('refuse');
      cluster.faults.dropWatches();
      await refused;

      await waitFor(
        async () => {
          const res = await request(server).get(policiesPath);
          return res.body.items?.[0]?.status === 'unknown';
        },
        'allow-checkout unknown',
        { timeoutMs: 20_000 },
      );
      const res = await request(server).get(policiesPath);
      // The open watch is cut (ECONNRESET), then reconnections are refused: either names the cause.
      expect(res.body.items[0].reason).toMatch(
        /^cluster prod-eu unreachable: .*(ECONNREFUSED|ECONNRESET)/,
      );

      await cluster.faults.acceptConnections();
      await waitFor(
        async () => {
          const again = await request(server).get(policiesPath);
          return again.body.items?.[0]?.status === 'in-sync';
        },
        'allow-checkout in sync again',
        { timeoutMs: 40_000 },
      );
    } finally {
      await cluster.faults.acceptConnections();
      await backend.stop();
    }
  });

  it('answers 404 for an entity that is not in the catalog', async () => {
    const backend = await startBackend();
    const server = backend.server;
    try {
      const res = await request(server).get(
        '/api/netseal/entities/component/default/nobody/policies',
      );
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        'No entity component:default/nobody in the catalog',
      );
    } finally {
      await backend.stop();
    }
  });

  it('reports each cluster with its state and policy count', async () => {
    const backend = await startBackend();
    const server = backend.server;
    try {
      const res = await request(server).get('/api/netseal/clusters');
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          name: 'prod-eu',
          state: 'connected',
          policyCount: 1,
        }),
      ]);
    } finally {
      await backend.stop();
    }
  });
});
