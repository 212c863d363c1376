import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';
import {
  KubeApiTestServer,
  startKubeApiTestServer,
} from '@netseal/kube-api-test-server';
import request from 'supertest';
import { stringify } from 'yaml';
import { waitFor } from './clusters/__testUtils__/waitFor';
import { netsealPlugin } from './plugin';
import { localGitUrlReaderServiceFactory } from './sources/LocalGitUrlReader';
import { allowCheckout, sealed } from './__fixtures__/sealedPolicies';

const adminToken = 't-admin';
const readerToken = 't-reader';

function seedFor(policies: NetworkPolicy[]) {
  return stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'payments-0',
          namespace: 'shop',
          labels: { app: 'payments', 'backstage.io/kubernetes-id': 'payments' },
        },
        spec: { containers: [{ name: 'payments', image: 'payments:1' }] },
        status: { phase: 'Running', podIP: '10.0.0.5' },
      },
      ...policies,
    ],
  });
}

describe('drift status through the API (real Git repository, Kubernetes API test server)', () => {
  // Each test starts a backend and waits for live events: bounds for a loaded CI
  // machine, not expectations of speed.
  jest.setTimeout(90_000);

  let root: string;
  let cluster: KubeApiTestServer;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'netseal-drift-'));
    const source = path.join(root, 'payments', 'prod-eu');
    fs.mkdirSync(source, { recursive: true });
    fs.writeFileSync(
      path.join(source, 'allow-checkout.yaml'),
      stringify(sealed(allowCheckout)),
    );
    const git = (...args: string[]) =>
      execFileSync(
        'git',
        ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args],
        { cwd: root },
      );
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'sealed policies');

    cluster = await startKubeApiTestServer({
      port: 0,
      seed: seedFor([sealed(allowCheckout)]),
      tokens: {
        admin: { token: adminToken, username: 'admin', access: 'write' },
        reader: { token: readerToken, username: 'netseal', access: 'read' },
      },
    });
  });

  afterAll(async () => {
    await cluster?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function startBackend() {
    // Runs the scheduled drift sync at start-up, despite its initial delay.
    const backend = await startTestBackend({
      features: [
        netsealPlugin,
        localGitUrlReaderServiceFactory,
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        mockServices.rootConfig.factory({
          data: {
            netseal: {
              localGitReader: { allow: [root] },
              clusters: [
                {
                  name: 'prod-eu',
                  url: cluster.url,
                  serviceAccountToken: readerToken,
                  caData: cluster.caData,
                },
              ],
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'payments',
                namespace: 'default',
                annotations: {
                  'netseal.io/policy-source': `file://${path.join(
                    root,
                    'payments',
                  )}`,
                  'backstage.io/kubernetes-id': 'payments',
                },
              },
              spec: {},
            },
          ],
        }),
      ],
    });
    return backend;
  }

  const policiesPath =
    '/api/netseal/entities/component/default/payments/policies';

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

      const history = await request(server).get(
        '/api/netseal/entities/component/default/payments/history',
      );
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

/** An in-place edit through the API server, as `kubectl edit` makes it. */
async function patchLivePolicy(
  server: KubeApiTestServer,
  patch: object,
): Promise<void> {
  await liveRequest(server, 'PATCH', '/allow-checkout', patch);
}

/** A write to namespace shop's NetworkPolicies with the admin token. */
async function liveRequest(
  server: KubeApiTestServer,
  method: 'PATCH' | 'POST' | 'DELETE',
  suffix: string,
  body?: object,
): Promise<void> {
  const url = new URL(
    `${server.url}/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies${suffix}`,
  );
  await new Promise<void>((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        ca: Buffer.from(server.caData, 'base64'),
        headers: {
          authorization: `Bearer ${adminToken}`,
          'content-type':
            method === 'PATCH'
              ? 'application/merge-patch+json'
              : 'application/json',
        },
      },
      res => {
        res.resume();
        res.on('end', () =>
          res.statusCode && res.statusCode < 300
            ? resolve()
            : reject(
                new Error(`${method} ${suffix} answered ${res.statusCode}`),
              ),
        );
      },
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}
