/*
 * Page load bench: the demo backend (packages/backend: catalog, permissions with the
 * allow-all policy, guest sign-in, Netseal) in a process of its own, and the entity
 * page's route, GET /api/netseal/entities/{kind}/{namespace}/{name}/policies, under 200
 * concurrent connections beside Backstage's own GET /api/catalog/entities/by-name/... of
 * the same entity, with the same user token, in the same run: catalog, Netseal, catalog,
 * Netseal, each for a fixed time after a warm-up. Prints each run's requests per second
 * and latency (p50, p99) and the ratio of Netseal's p99 to the catalog's. The service has
 * 10 sealed policies in each of 5 clusters (Kubernetes API test servers in another
 * process). Everything listens on 127.0.0.1 and stops by itself.
 *
 *   yarn workspace @netseal/backstage-plugin-netseal-backend bench:page-load
 *   NETSEAL_BENCH_CONNECTIONS=50 NETSEAL_BENCH_SECONDS=5 ...   # a smaller run
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { stringify } from 'yaml';
import { freePort } from '../src/endToEnd/__testUtils__/replicas';
import {
  benchTokens,
  POLICIES_PER_SERVICE,
  seedText,
  writePolicySources,
} from './fleet/fleetFixture';
import { startServerHosts } from './fleet/startServerHosts';

const CONNECTIONS = Number(process.env.NETSEAL_BENCH_CONNECTIONS ?? 200);
const SECONDS = Number(process.env.NETSEAL_BENCH_SECONDS ?? 20);
const CLUSTERS = 5;
const SERVICES = 20;
const ENTITY = 'svc-0';
const repositoryRoot = path.resolve(__dirname, '../../..');

function load(): string {
  return os
    .loadavg()
    .map(value => value.toFixed(1))
    .join(' / ');
}

async function poll<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

interface RunFigures {
  route: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function run(
  route: string,
  url: string,
  token: string,
  seconds: number,
): Promise<RunFigures> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    route,
    requests: result.requests.total,
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netseal-page-bench-'));
  let backend: ChildProcess | undefined;
  let hosts: Awaited<ReturnType<typeof startServerHosts>> | undefined;
  try {
    console.log(
      `page load bench: ${CONNECTIONS} connections, ${SECONDS} s a run; one service with ${POLICIES_PER_SERVICE} sealed policies in each of ${CLUSTERS} clusters; Node ${
        process.version
      }, ${os.cpus().length} cores; load average ${load()} (1/5/15 min)`,
    );
    const clusterNames = Array.from(
      { length: CLUSTERS },
      (_, c) => `cluster-${c}`,
    );
    const sources = path.join(root, 'sources');
    writePolicySources(sources, SERVICES, clusterNames);
    const seedFile = path.join(root, 'seed.json');
    fs.writeFileSync(seedFile, seedText(SERVICES, 2));
    hosts = await startServerHosts({
      names: clusterNames,
      perProcess: CLUSTERS,
      seedFile,
      tokens: benchTokens,
      adminToken: 'bench-admin',
    });

    const entities = path.join(root, 'entities.yaml');
    fs.writeFileSync(
      entities,
      [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: ENTITY,
            annotations: {
              'netseal.io/policy-source': `file://${path.join(
                sources,
                ENTITY,
              )}`,
              'backstage.io/kubernetes-id': ENTITY,
            },
          },
          spec: { type: 'service', lifecycle: 'production', owner: 'guests' },
        },
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Group',
          metadata: { name: 'guests' },
          spec: { type: 'team', children: [] },
        },
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'guest' },
          spec: { memberOf: ['guests'] },
        },
      ]
        .map(entity => stringify(entity))
        .join('---\n'),
    );
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const config = path.join(root, 'app-config.bench.yaml');
    fs.writeFileSync(
      config,
      stringify({
        app: { baseUrl },
        backend: {
          baseUrl,
          listen: { host: '127.0.0.1', port },
          database: { client: 'better-sqlite3', connection: ':memory:' },
        },
        catalog: {
          rules: [{ allow: ['Component', 'Group', 'User'] }],
          locations: [{ type: 'file', target: entities }],
        },
        netseal: {
          localGitReader: { allow: [sources] },
          clusters: hosts.servers.map(server => ({
            name: server.name,
            url: server.url,
            serviceAccountToken: benchTokens.reader.token,
            caData: server.caData,
          })),
        },
      }),
    );
    backend = spawn(
      process.execPath,
      [
        '-r',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        'src/index.ts',
        '--config',
        path.join(repositoryRoot, 'app-config.yaml'),
        '--config',
        config,
      ],
      {
        cwd: path.join(repositoryRoot, 'packages/backend'),
        env: { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'development' },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    const token = await poll(
      'the backend to sign the guest in',
      async () => {
        const res = await fetch(
          `${baseUrl}/api/auth/guest/refresh?optional&env=development`,
          { headers: { 'x-requested-with': 'XMLHttpRequest' } },
        );
        if (!res.ok) return undefined;
        const body = await res.json();
        return body.backstageIdentity?.token as string | undefined;
      },
      180_000,
    );
    const catalogUrl = `${baseUrl}/api/catalog/entities/by-name/component/default/${ENTITY}`;
    const netsealUrl = `${baseUrl}/api/netseal/entities/component/default/${ENTITY}/policies`;
    const authorization = { authorization: `Bearer ${token}` };
    const items = await poll(
      'the first drift check of the service',
      async () => {
        const res = await fetch(netsealUrl, { headers: authorization });
        const body = await res.json();
        return body.items?.length === CLUSTERS * POLICIES_PER_SERVICE
          ? body.items.length
          : undefined;
      },
      180_000,
    );
    const catalogBytes = (
      await (await fetch(catalogUrl, { headers: authorization })).text()
    ).length;
    const netsealBytes = (
      await (await fetch(netsealUrl, { headers: authorization })).text()
    ).length;
    console.log(
      `catalog entity: ${catalogBytes} bytes; Netseal's page: ${items} policies, ${netsealBytes} bytes`,
    );

    // Warm-up, then alternate so that neither route alone meets a colder or busier machine.
    await run('catalog', catalogUrl, token, 3);
    await run('netseal', netsealUrl, token, 3);
    const runs: RunFigures[] = [];
    for (let round = 0; round < 2; round++) {
      runs.push(await run('catalog', catalogUrl, token, SECONDS));
      runs.push(await run('netseal', netsealUrl, token, SECONDS));
    }
    for (const figures of runs) {
      console.log(
        `${figures.route.padEnd(7)}: ${
          figures.requests
        } requests, ${figures.perSecond.toFixed(0)}/s, p50 ${
          figures.p50
        } ms, p99 ${figures.p99} ms${
          figures.errors + figures.non2xx > 0
            ? `, ${figures.errors} errors, ${figures.non2xx} non-2xx`
            : ''
        }`,
      );
    }
    const p99 = (route: string) =>
      Math.max(...runs.filter(r => r.route === route).map(r => r.p99));
    console.log(
      `Netseal's p99 / the catalog's p99 (the worse run of each): ${(
        p99('netseal') / p99('catalog')
      ).toFixed(2)}; load average now ${load()}`,
    );
  } finally {
    if (backend && backend.exitCode === null) {
      const exited = new Promise(resolve => backend!.once('exit', resolve));
      backend.kill('SIGTERM');
      setTimeout(() => backend?.kill('SIGKILL'), 10_000).unref();
      await exited;
    }
    await hosts?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(
    `page load bench failed: ${error instanceof Error ? error.stack : error}`,
  );
  process.exitCode = 1;
});
