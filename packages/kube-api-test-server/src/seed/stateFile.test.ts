import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  KubeApiTestServer,
  startKubeApiTestServer,
} from '../startKubeApiTestServer';
import { keepStateFile, readStateFile } from './stateFile';

jest.setTimeout(30_000);

const policies = '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies';

const seed = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'checkout', namespace: 'shop', labels: { app: 'co' } },
    spec: { containers: [{ name: 'app', image: 'checkout:1' }] },
    status: { phase: 'Running', podIP: '10.0.0.7' },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'deny-all', namespace: 'shop' },
    spec: { podSelector: {} },
  },
];

async function call(
  server: KubeApiTestServer,
  method: string,
  apiPath: string,
  body?: unknown,
) {
  const response = await fetch(`${server.url}${apiPath}`, {
    method,
    headers: {
      authorization: `Bearer ${server.tokens.admin}`,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('a state file', () => {
  let directory: string;
  const servers: KubeApiTestServer[] = [];

  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-state-'));
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map(server => server.stop()));
    fs.rmSync(directory, { recursive: true, force: true });
  });

  const start = async (
    options: Parameters<typeof startKubeApiTestServer>[0],
  ) => {
    const server = await startKubeApiTestServer({ tls: false, ...options });
    servers.push(server);
    return server;
  };

  it('is absent until a server keeps one', () => {
    expect(readStateFile(path.join(directory, 'none.json'))).toBeUndefined();
  });

  it("brings back the objects created and deleted after the seed, with the pods' status", async () => {
    const file = path.join(directory, 'cluster.json');
    const first = await start({ seed });
    const kept = keepStateFile(first.service, file);
    expect(
      (
        await call(first, 'POST', policies, {
          metadata: { name: 'allow-web', labels: { team: 'web' } },
          spec: {
            podSelector: { matchLabels: { app: 'web' } },
            ingress: [{ ports: [{ port: 8080 }] }],
          },
        })
      ).status,
    ).toBe(201);
    expect((await call(first, 'DELETE', `${policies}/deny-all`)).status).toBe(
      200,
    );
    kept.close();
    await first.stop();

    const second = await start({ seed: readStateFile(file) });
    const { body } = await call(second, 'GET', policies);
    expect(
      body.items.map(
        (item: { metadata: { name: string; labels?: object } }) => [
          item.metadata.name,
          item.metadata.labels,
        ],
      ),
    ).toEqual([['allow-web', { team: 'web' }]]);
    expect(body.items[0].spec.ingress).toEqual([
      { ports: [{ port: 8080, protocol: 'TCP' }] },
    ]);
    const pod = await call(
      second,
      'GET',
      '/api/v1/namespaces/shop/pods/checkout',
    );
    expect(pod.body.status).toEqual(
      expect.objectContaining({ phase: 'Running', podIP: '10.0.0.7' }),
    );
  });

  it('is replaced whole, never left half written', async () => {
    const file = path.join(directory, 'cluster.json');
    const server = await start({ seed });
    const kept = keepStateFile(server.service, file, { delayMs: 0 });
    for (let i = 0; i < 20; i++) {
      await call(server, 'POST', policies, {
        metadata: { name: `p-${i}` },
        spec: { podSelector: {} },
      });
      expect(() => readStateFile(file)).not.toThrow();
    }
    kept.close();
    expect(
      readStateFile(file)!.filter(object => object.kind === 'NetworkPolicy'),
    ).toHaveLength(21);
    expect(fs.readdirSync(directory)).toEqual(['cluster.json']);
  });
});
