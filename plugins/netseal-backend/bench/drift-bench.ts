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
 *
 * With `--real-kubernetes` it runs the same measurement on one test server and then on one
 * real control plane (kube-apiserver, etcd and kube-controller-manager, started by
 * `startRealKubernetes()` and seeded alike), and prints both latencies side by side:
 *
 *   yarn workspace @netseal/backstage-plugin-netseal-backend bench --real-kubernetes
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
import { startKubeApiTestServer } from '@netseal/kube-api-test-server';
import {
  seedRealKubernetes,
  startRealKubernetes,
} from '@netseal/real-kubernetes';
import knexFactory from 'knex';
import { stringify } from 'yaml';
import { KubernetesLiveView } from '../src/clusters';
import { NetsealDatabase } from '../src/database';
import { DriftEngine } from '../src/engine/DriftEngine';
import { LocalGitUrlReader } from '@netseal/backstage-plugin-netseal-backend-module-local-git';
import { UrlReaderPolicySourceReader } from '../src/sources/UrlReaderPolicySourceReader';

const REAL_KUBERNETES = process.argv.includes('--real-kubernetes');
// A real control plane is a few processes and about a gigabyte: the comparison runs one
// cluster on each side.
const CLUSTERS = REAL_KUBERNETES
  ? 1
  : Number(process.env.NETSEAL_BENCH_CLUSTERS ?? 10);
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

/** One cluster the bench reads, and how it edits a policy there as the admin. */
interface BenchCluster {
  url: string;
  caData: string;
  readerToken: string;
  adminToken: string;
  stop(): Promise<void>;
}

function patch(
  cluster: BenchCluster,
  namespace: string,
  name: string,
  body: object,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${cluster.url}/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies/${name}`,
      {
        method: 'PATCH',
        ca: Buffer.from(cluster.caData, 'base64'),
        headers: {
          authorization: `Bearer ${cluster.adminToken}`,
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

/** What one run of the measurement found, on one kind of API server. */
interface DriftFigures {
  server: string;
  initialSyncMs: number;
  initialRequests: number;
  firstSyncMs: number;
  firstSyncCpuMs: number;
  relistMs: number;
  fullResyncMs: number;
  resyncRequests: number;
  counts: unknown;
  latencies: number[];
  loadBefore: number;
  loadAfter: number;
}

/** Writes the policy sources (one folder per service, one sub-folder per cluster) as a Git repository. */
function writePolicySources(root: string, services: number) {
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
}

/** The initial sync, a first check, a full resync and the detection latency of edits. */
async function measure(
  server: string,
  root: string,
  services: number,
  clusters: BenchCluster[],
  database: string,
): Promise<DriftFigures> {
  const logger = quietLogger();
  const liveView = KubernetesLiveView.create({
    clusters: clusters.map((cluster, c) => ({
      name: `cluster-${c}`,
      url: cluster.url,
      auth: { kind: 'token' as const, token: cluster.readerToken },
      caData: cluster.caData,
    })),
    logger,
  });
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const requestsSoFar = () =>
    clusters.map((_s, c) => liveView.requestCount(`cluster-${c}`));
  let started = performance.now();
  await liveView.start();
  const initialSyncMs = performance.now() - started;
  const initialRequests = sum(requestsSoFar());

  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(root, database) },
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

  const beforeResync = sum(requestsSoFar());
  started = performance.now();
  await liveView.resync();
  await engine.settled();
  const relistMs = performance.now() - started;
  await engine.synchronize(entities);
  const fullResyncMs = performance.now() - started;
  const resyncRequests = sum(requestsSoFar()) - beforeResync;

  const counts = await store.countByStatus();
  const latencies: number[] = [];
  for (let edit = 0; edit < EDITS; edit++) {
    const c = edit % CLUSTERS;
    const service = (edit * 7) % services;
    const index = edit % POLICIES_PER_SERVICE;
    const target = policy(service, index);
    const { namespace = '', name = '' } = target.metadata;
    await patch(clusters[c], namespace, name, {
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
        throw new Error(`${server}: edit ${edit} not detected within 30 s`);
      }
      await new Promise(resolve => setTimeout(resolve, 5));
    }
    latencies.push(performance.now() - edited);
  }
  latencies.sort((a, b) => a - b);

  await engine.stop();
  await liveView.stop();
  await knex.destroy();
  return {
    server,
    initialSyncMs,
    initialRequests,
    firstSyncMs,
    firstSyncCpuMs: (firstSyncCpu.user + firstSyncCpu.system) / 1000,
    relistMs,
    fullResyncMs,
    resyncRequests,
    counts,
    latencies,
    loadBefore,
    loadAfter: os.loadavg()[0],
  };
}

function latencyInWords({ latencies }: DriftFigures): string {
  return `p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(
    latencies,
    99,
  ).toFixed(0)} ms, max ${latencies[latencies.length - 1].toFixed(0)} ms`;
}

function report(figures: DriftFigures, services: number) {
  const prefix = REAL_KUBERNETES ? `[${figures.server}] ` : '';
  console.log(
    `${prefix}initial list+watch of ${CLUSTERS} clusters: ${figures.initialSyncMs.toFixed(
      0,
    )} ms, ${figures.initialRequests} Kubernetes API requests (${(
      figures.initialRequests / CLUSTERS
    ).toFixed(1)} per cluster: a list and a watch per kind, plus /version)`,
  );
  console.log(
    `${prefix}first drift check of ${services} entities × ${CLUSTERS} clusters: ${figures.firstSyncMs.toFixed(
      0,
    )} ms wall, ${figures.firstSyncCpuMs.toFixed(
      0,
    )} ms CPU of this process (every source read, every status stored; git's processes not counted)`,
  );
  console.log(
    `${prefix}full resync (re-list every cluster, re-read sources by ETag, re-check every entity): ${figures.fullResyncMs.toFixed(
      0,
    )} ms (re-list and the checks it caused: ${figures.relistMs.toFixed(
      0,
    )} ms), ${figures.resyncRequests} Kubernetes API requests (${(
      figures.resyncRequests / CLUSTERS
    ).toFixed(1)} per cluster)`,
  );
  console.log(
    `${prefix}1-minute load average: ${figures.loadBefore.toFixed(
      1,
    )} before the first check, ${figures.loadAfter.toFixed(1)} at the end`,
  );
  console.log(
    `${prefix}statuses after the first check: ${JSON.stringify(
      figures.counts,
    )}`,
  );
  console.log(
    `${prefix}detection latency over ${EDITS} edits: ${latencyInWords(
      figures,
    )}`,
  );
}

async function startTestServers(seedText: string): Promise<BenchCluster[]> {
  const clusters: BenchCluster[] = [];
  for (let c = 0; c < CLUSTERS; c++) {
    const server = await startKubeApiTestServer({
      port: 0,
      seed: seedText,
      clusterName: `cluster-${c}`,
      historyLimit: 5000,
      tokens: {
        admin: { token: ADMIN, username: 'admin', access: 'write' },
        reader: { token: READER, username: 'netseal', access: 'read' },
      },
    });
    clusters.push({
      url: server.url,
      caData: server.caData,
      readerToken: READER,
      adminToken: ADMIN,
      stop: () => server.stop(),
    });
  }
  return clusters;
}

/** A real control plane of its own, seeded like the test server; its start is not measured. */
async function startRealCluster(
  seedText: string,
): Promise<{ cluster: BenchCluster; version: string }> {
  const real = await startRealKubernetes({ dedicated: true });
  try {
    await seedRealKubernetes(real.kubeConfig('admin'), seedText, 'drift bench');
    const tokenOf = (context: 'admin' | 'reader') => {
      const token = real.kubeConfig(context).getCurrentUser()?.token;
      if (!token) throw new Error(`context ${context} has no token`);
      return token;
    };
    return {
      version: real.version,
      cluster: {
        url: real.server,
        caData: real.kubeConfig().getCurrentCluster()?.caData ?? '',
        readerToken: tokenOf('reader'),
        adminToken: tokenOf('admin'),
        stop: () => real.stop(),
      },
    };
  } catch (error) {
    await real.stop();
    throw error;
  }
}

async function main() {
  const services = POLICIES / POLICIES_PER_SERVICE;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netseal-drift-bench-'));
  const clusters: BenchCluster[] = [];
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  try {
    console.log(
      `drift bench: ${CLUSTERS} clusters × ${POLICIES} policies (${services} services × ${POLICIES_PER_SERVICE}), ${EDITS} edits, Node ${
        process.version
      }, ${os.cpus().length} cores${
        REAL_KUBERNETES
          ? ', on the Kubernetes API test server and then on a real control plane'
          : ''
      }`,
    );
    writePolicySources(root, services);
    const seedText = seed(services);

    const onTestServer = await startTestServers(seedText);
    clusters.push(...onTestServer);
    const testServerFigures = await measure(
      'test server',
      root,
      services,
      onTestServer,
      'drift.sqlite',
    );
    report(testServerFigures, services);
    if (!REAL_KUBERNETES) {
      console.log(
        `peak RSS: ${(peakRss / 1024 / 1024).toFixed(
          0,
        )} MiB (test servers, backend parts and SQLite in one process)`,
      );
      return;
    }
    await Promise.all(onTestServer.map(cluster => cluster.stop()));
    clusters.length = 0;

    const started = performance.now();
    const { cluster, version } = await startRealCluster(seedText);
    clusters.push(cluster);
    console.log(
      `[real ${version}] started and seeded with ${
        POLICIES + services + 20
      } objects in ${((performance.now() - started) / 1000).toFixed(
        1,
      )} s (not measured below)`,
    );
    const realFigures = await measure(
      `real ${version}`,
      root,
      services,
      [cluster],
      'drift-real.sqlite',
    );
    report(realFigures, services);
    console.log(
      `detection latency over ${EDITS} edits, side by side: test server ${latencyInWords(
        testServerFigures,
      )}; real API server ${version} ${latencyInWords(realFigures)}`,
    );
  } finally {
    clearInterval(sampler);
    await Promise.all(clusters.map(cluster => cluster.stop()));
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(
    `drift bench failed: ${error instanceof Error ? error.stack : error}`,
  );
  process.exitCode = 1;
});
