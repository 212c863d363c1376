import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import {
  KubeApiTestServer,
  startKubeApiTestServer,
} from '@netseal/kube-api-test-server';
import { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';
import { ClusterDetails } from '@netseal/backstage-plugin-netseal-node';
import { KubernetesLiveView } from '../KubernetesLiveView';
import { LiveViewEvent } from '../LiveView';

/** Tokens of every test cluster; `noPods` may read everything but pods. */
export const testTokens = {
  admin: {
    token: 't-admin',
    username: 'kube-admin',
    groups: ['system:masters'],
    access: 'write' as const,
  },
  reader: {
    token: 't-reader',
    username: 'netseal-reader',
    access: 'read' as const,
  },
  noPods: {
    token: 't-no-pods',
    username: 'netseal-partial',
    access: 'read' as const,
    resources: { pods: 'none' as const },
  },
};

export function fixture(name: string): string {
  return readFileSync(join(__dirname, '..', '__fixtures__', name), 'utf8');
}

/** A test cluster: a Kubernetes API test server over HTTPS, and requests it received. */
export interface TestCluster {
  name: string;
  server: KubeApiTestServer;
  /** `METHOD path?query` of every Kubernetes API request, in order. */
  requests: string[];
  details(token?: string): ClusterDetails;
}

export async function startTestCluster(
  name: string,
  seedFixture: string,
): Promise<TestCluster> {
  const requests: string[] = [];
  const server = await startKubeApiTestServer({
    seed: fixture(seedFixture),
    tokens: testTokens,
    port: 0,
    clusterName: name,
    log: line => requests.push(line),
  });
  return {
    name,
    server,
    requests,
    details: (token = testTokens.reader.token) => ({
      name,
      url: server.url,
      auth: { kind: 'token', token },
      caData: server.caData,
    }),
  };
}

/** Fast retries keep fault tests short; the backoff shape is tested on its own. */
export const testTiming = {
  retry: { initialDelayMs: 50, maxDelayMs: 500 },
  requestTimeoutMs: 5000,
};

/** A live view over the given clusters that records every event it emits. */
export function createRecordingLiveView(clusters: ClusterDetails[]) {
  const events: LiveViewEvent[] = [];
  const liveView = KubernetesLiveView.create({
    clusters,
    logger: mockServices.logger.mock(),
    timing: testTiming,
  });
  liveView.subscribe(event => events.push(event));
  return { liveView, events };
}

/** Makes the server refuse or reset connections, and drops its open watches at once. */
export async function refuseConnections(
  cluster: TestCluster,
  mode: 'refuse' | 'reset',
): Promise<void> {
  const refused = cluster.server.faults.refuseConnections(mode);
  cluster.server.faults.dropWatches();
  await refused;
}

/** A policy of namespace shop that lets port `port` in. */
export function shopPolicy(name: string, port: number): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: 'shop' },
    spec: { podSelector: {}, ingress: [{ ports: [{ port }] }] },
  };
}

export const shopPoliciesPath =
  '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies';

/** A client-side write through the API server, as `kubectl` would make it. */
export async function kubeRequest(
  cluster: TestCluster,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetchWithCa(cluster, method, path, body);
  if (!response.ok) {
    throw new Error(`${method} ${path}: ${response.status} ${response.text}`);
  }
  return JSON.parse(response.text);
}

/** The test server's own view: its revision and how many watches are open. */
export async function serverState(
  cluster: TestCluster,
): Promise<{ revision: number; openWatches: number }> {
  const response = await fetchWithCa(
    cluster,
    'GET',
    '/__testserver/state',
    undefined,
    cluster.server.adminToken,
  );
  return JSON.parse(response.text);
}

/**
 * Creates a policy in the server's store directly, bypassing HTTP: a change made while
 * the server refuses connections.
 */
export async function createPolicyBehindTheApi(
  cluster: TestCluster,
  policy: NetworkPolicy,
): Promise<void> {
  const { service } = cluster.server;
  const definition = service.registry.findByKind(
    'networking.k8s.io/v1',
    'NetworkPolicy',
  );
  if (!definition) throw new Error('the test server serves no NetworkPolicies');
  await service.create(
    definition,
    policy.metadata.namespace,
    JSON.parse(JSON.stringify(policy)),
    {
      user: { username: 'kube-admin', groups: ['system:masters'] },
      dryRun: false,
      fieldManager: 'netseal-test',
      fieldValidation: 'Strict',
      warnings: [],
    },
  );
}

/** One request to the test server as `token`, answered whatever its status. */
export async function fetchWithCa(
  cluster: TestCluster,
  method: string,
  path: string,
  body: unknown,
  token: string = testTokens.admin.token,
): Promise<{ ok: boolean; status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${cluster.server.url}${path}`,
      {
        method,
        ca: cluster.server.caCert,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type':
            method === 'PATCH'
              ? 'application/merge-patch+json'
              : 'application/json',
        },
      },
      response => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', chunk => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({
            ok: (response.statusCode ?? 0) < 300,
            status: response.statusCode ?? 0,
            text,
          }),
        );
      },
    );
    outgoing.on('error', reject);
    if (body !== undefined) outgoing.write(JSON.stringify(body));
    outgoing.end();
  });
}
