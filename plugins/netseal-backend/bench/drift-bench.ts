/*
 * Drift engine benchmark: 10 Kubernetes API test servers with 1,000 policies each, the
 * policy sources in a real Git repository, the drift store on SQLite. Prints:
 *  - the Kubernetes API requests of the initial sync and of a full resync,
 *  - the full resync's duration (every policy source read and every entity checked),
 *  - detection latency: from an in-place edit answered by the API server to `drifted`
 *    in the store, over a bounded number of edits (p50, p99, max),
 *  - the process's peak RSS.
 * Everything listens on 127.0.0.1 and stops by itself.
 *
 *   yarn workspace @netseal/backstage-plugin-netseal-backend bench
 *   NETSEAL_BENCH_CLUSTERS=2 NETSEAL_BENCH_POLICIES=200 ...   # a smaller run
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  computeSeal,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import {
  KubeApiTestServer,
  startKubeApiTestServer,
} from '@netseal/kube-api-test-server';
import knexFactory from 'knex';
import { stringify } from 'yaml';
import { KubernetesLiveView } from '../src/clusters';
import { NetsealDatabase } from '../src/database';
import { DriftEngine } from '../src/engine/DriftEngine';
import { LocalGitUrlReader } from '@netseal/backstage-plugin-netseal-backend-module-local-git';
import { UrlReaderPolicySourceReader } from '../src/sources/UrlReaderPolicySourceReader';

const CLUSTERS = Number(process.env.NETSEAL_BENCH_CLUSTERS ?? 10);
const POLICIES = Number(process.env.NETSEAL_BENCH_POLICIES ?? 1000);
const POLICIES_PER_SERVICE = 10;
const EDITS = Number(process.env.NETSEAL_BENCH_EDITS ?? 100);
const ADMIN = 't-admin';
const READER = 't-reader';

function policy(service: number, index: number): NetworkPolicy {
  const policyUnderSeal: NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: `svc-${service}-allow-${index}`,
      namespace: `team-${service % 20}`,
      labels: { 'netseal.io/sealed': 'true', app: `svc-${service}` },
    },
    spec: {
      podSelector: { matchLabels: { app: `svc-${service}` } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [
            {
              podSelector: {
                matchLabels: { app: `svc-${(service + 1) % 100}` },
              },
            },
            {
              namespaceSelector: { matchLabels: { tier: 'edge' } },
              podSelector: { matchLabels: { role: 'gateway' } },
            },
          ],
          ports: [{ port: 8000 + index }, { port: 'metrics' }],
        },
        {
          from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }],
        },
      ],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { name: 'kube-system' } } }],
          ports: [{ port: 53, protocol: 'UDP' }],
        },
      ],
    },
  };
  const sealed = structuredClone(policyUnderSeal);
  sealed.metadata.annotations = {
    'netseal.io/seal': computeSeal(policyUnderSeal),
  };
  return sealed;
}

function seed(services: number): string {
  const namespaces = Array.from({ length: 20 }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: `team-${i}`, labels: { name: `team-${i}` } },
  }));
  const pods = Array.from({ length: services }, (_, service) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `svc-${service}-0`,
      namespace: `team-${service % 20}`,
      labels: { app: `svc-${service}` },
    },
    spec: { containers: [{ name: 'app', image: 'app:1' }] },
    status: {
      phase: 'Running',
      podIP: `10.2.${service % 250}.${service % 200}`,
    },
  }));
  const policies = [];
  for (let service = 0; service < services; service++) {
    for (let index = 0; index < POLICIES_PER_SERVICE; index++) {
      policies.push(policy(service, index));
    }
  }
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [...namespaces, ...pods, ...policies],
  });
}

function patch(
  server: KubeApiTestServer,
  namespace: string,
  name: string,
  body: object,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${server.url}/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies/${name}`,
      {
        method: 'PATCH',
        ca: Buffer.from(server.caData, 'base64'),
        headers: {
          authorization: `Bearer ${ADMIN}`,
          'content-type': 'application/merge-patch+json',
        },
      },
      res => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? resolve()
            : reject(new Error(`PATCH ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Warnings and errors only; the bench's own output is the figures. */
function quietLogger(): LoggerService {
  const logger: LoggerService = {
    error: message => console.error(message),
    warn: message => console.error(message),
    info: () => {},
    debug: () => {},
    child: () => logger,
  };
  return logger;
}

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function main() {
  const services = POLICIES / POLICIES_PER_SERVICE;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netseal-drift-bench-'));
  const servers: KubeApiTestServer[] = [];
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  try {
    console.log(
      `drift bench: ${CLUSTERS} clusters × ${POLICIES} policies (${services} services × ${POLICIES_PER_SERVICE}), ${EDITS} edits, Node ${
        process.version
      }, ${os.cpus().length} cores`,
    );
    // Policy sources: one folder per service, one sub-folder per cluster.
    for (let service = 0; service < services; service++) {
      for (let c = 0; c < CLUSTERS; c++) {
        const dir = path.join(root, `svc-${service}`, `cluster-${c}`);
        fs.mkdirSync(dir, { recursive: true });
        const docs = Array.from({ length: POLICIES_PER_SERVICE }, (_, i) =>
          stringify(policy(service, i)),
        );
        fs.writeFileSync(path.join(dir, 'policies.yaml'), docs.join('---\n'));
      }
    }
    const git = (...args: string[]) =>
      execFileSync(
        'git',
        ['-c', 'user.name=b', '-c', 'user.email=b@b', ...args],
        {
          cwd: root,
        },
      );
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'bench policies');

    const seedText = seed(services);
    for (let c = 0; c < CLUSTERS; c++) {
      servers.push(
        await startKubeApiTestServer({
          port: 0,
          seed: seedText,
          clusterName: `cluster-${c}`,
          historyLimit: 5000,
          tokens: {
            admin: { token: ADMIN, username: 'admin', access: 'write' },
            reader: { token: READER, username: 'netseal', access: 'read' },
          },
        }),
      );
    }

    const logger = quietLogger();
    const liveView = KubernetesLiveView.create({
      clusters: servers.map((server, c) => ({
        name: `cluster-${c}`,
        url: server.url,
        auth: { kind: 'token' as const, token: READER },
        caData: server.caData,
      })),
      logger,
    });
    let started = performance.now();
    await liveView.start();
    const initialSyncMs = performance.now() - started;
    const initialRequests = servers.map((_s, c) =>
      liveView.requestCount(`cluster-${c}`),
    );

    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(root, 'drift.sqlite') },
      useNullAsDefault: true,
    });
    const store = (
      await NetsealDatabase.create({
        database: { getClient: async () => knex, migrations: { skip: false } },
      })
    ).driftStore;
    const urlReader = UrlReaders.create({
      config: new ConfigReader({
        netseal: { localGitReader: { allow: [root] } },
      }),
      logger,
      factories: [LocalGitUrlReader.factory],
    });
    const engine = new DriftEngine({
      liveView,
      sources: new UrlReaderPolicySourceReader(urlReader),
      store,
      logger,
    });
    engine.start();
    const entities = Array.from({ length: services }, (_, service) => ({
      entityRef: `component:default/svc-${service}`,
      policySourceUrl: pathToFileURL(
        path.join(root, `svc-${service}`),
      ).toString(),
    }));

    const loadBefore = os.loadavg()[0];
    started = performance.now();
    // CPU time beside wall time: on the shared cores, wall time mostly measures the
    // other engineers' load; the servers are idle during a check, so this is the engine's.
    const cpuBefore = process.cpuUsage();
    await engine.synchronize(entities);
    const firstSyncMs = performance.now() - started;
    const firstSyncCpu = process.cpuUsage(cpuBefore);

    const beforeResync = servers.map((_s, c) =>
      liveView.requestCount(`cluster-${c}`),
    );
    started = performance.now();
    await liveView.resync();
    await engine.settled();
    const relistMs = performance.now() - started;
    await engine.synchronize(entities);
    const fullResyncMs = performance.now() - started;
    const resyncRequests = servers.map(
      (_s, c) => liveView.requestCount(`cluster-${c}`) - beforeResync[c],
    );

    const counts = await store.countByStatus();
    const latencies: number[] = [];
    for (let edit = 0; edit < EDITS; edit++) {
      const c = edit % CLUSTERS;
      const service = (edit * 7) % services;
      const index = edit % POLICIES_PER_SERVICE;
      const target = policy(service, index);
      const { namespace = '', name = '' } = target.metadata;
      const editStarted = performance.now();
      await patch(servers[c], namespace, name, {
        spec: { ingress: [{ ports: [{ port: 9000 + edit }] }] },
      });
      const edited = performance.now();
      const deadline = edited + 30_000;
      for (;;) {
        const stored = await store.getPolicy({
          entityRef: `component:default/svc-${service}`,
          cluster: `cluster-${c}`,
          namespace,
          name,
        });
        if (stored?.status === 'drifted') break;
        if (performance.now() > deadline) {
          throw new Error(`edit ${edit} not detected within 30 s`);
        }
        await new Promise(resolve => setTimeout(resolve, 5));
      }
      latencies.push(performance.now() - edited);
      void editStarted;
    }
    latencies.sort((a, b) => a - b);

    await engine.stop();
    await liveView.stop();
    await knex.destroy();

    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    console.log(
      `initial list+watch of ${CLUSTERS} clusters: ${initialSyncMs.toFixed(
        0,
      )} ms, ${sum(initialRequests)} Kubernetes API requests (${(
        sum(initialRequests) / CLUSTERS
      ).toFixed(1)} per cluster: a list and a watch per kind, plus /version)`,
    );
    console.log(
      `first drift check of ${services} entities × ${CLUSTERS} clusters: ${firstSyncMs.toFixed(
        0,
      )} ms wall, ${((firstSyncCpu.user + firstSyncCpu.system) / 1000).toFixed(
        0,
      )} ms CPU of this process (every source read, every status stored; git's processes not counted)`,
    );
    console.log(
      `full resync (re-list every cluster, re-read sources by ETag, re-check every entity): ${fullResyncMs.toFixed(
        0,
      )} ms (re-list and the checks it caused: ${relistMs.toFixed(
        0,
      )} ms), ${sum(resyncRequests)} Kubernetes API requests (${(
        sum(resyncRequests) / CLUSTERS
      ).toFixed(1)} per cluster)`,
    );
    console.log(
      `1-minute load average: ${loadBefore.toFixed(
        1,
      )} before the first check, ${os.loadavg()[0].toFixed(1)} at the end`,
    );
    console.log(`statuses after the first check: ${JSON.stringify(counts)}`);
    console.log(
      `detection latency over ${EDITS} edits: p50 ${percentile(
        latencies,
        50,
      ).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(
        0,
      )} ms, max ${latencies[latencies.length - 1].toFixed(0)} ms`,
    );
    console.log(
      `peak RSS: ${(peakRss / 1024 / 1024).toFixed(
        0,
      )} MiB (test servers, backend parts and SQLite in one process)`,
    );
  } finally {
    clearInterval(sampler);
    await Promise.all(servers.map(server => server.stop()));
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(
    `drift bench failed: ${error instanceof Error ? error.stack : error}`,
  );
  process.exitCode = 1;
});
