/*
 * Fleet benchmark: one backend's drift engine against a fleet of Kubernetes API test
 * servers that run in processes of their own (so the engine's memory is its own), with
 * the policy sources in a real Git repository and the drift store on SQLite. Default:
 * 50 clusters × 2,000 policies × 2,000 pods (200 services, each with 10 policies and 10
 * pods in every cluster). Prints:
 *  - what the live view keeps per policy and per pod (heap after GC, the bench's shapes),
 *  - the initial list+watch, and the first drift check (every source read and parsed,
 *    every status stored),
 *  - a full resync (every cluster listed again, sources by ETag, every entity checked),
 *  - live edit → `drifted` stored, over a bounded number of edits (p50, p99, max),
 *  - the engine process's heap and RSS after each phase, and its peak RSS,
 *  - the machine's load average before and after.
 * Everything listens on 127.0.0.1 and stops by itself.
 *
 *   yarn workspace @netseal/backstage-plugin-netseal-backend bench:fleet
 *   NETSEAL_BENCH_CLUSTERS=5 NETSEAL_BENCH_POLICIES=500 NETSEAL_BENCH_PODS=500 ...   # smaller
 */
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { LocalGitUrlReader } from '@netseal/backstage-plugin-netseal-backend-module-local-git';
import knexFactory from 'knex';
import { KubernetesLiveView } from '../src/clusters';
import {
  CachedPod,
  CachedPolicy,
  slimNetworkPolicy,
  slimPod,
} from '../src/clusters/liveObjects';
import { NetsealDatabase } from '../src/database';
import { DriftEngine } from '../src/engine/DriftEngine';
import { UrlReaderPolicySourceReader } from '../src/sources/UrlReaderPolicySourceReader';
import {
  benchTokens,
  POLICIES_PER_SERVICE,
  sealedPolicy,
  seedText,
  servicePod,
  trackedEntities,
  writePolicySources,
} from './fleet/fleetFixture';
import { startServerHosts } from './fleet/startServerHosts';

const CLUSTERS = Number(process.env.NETSEAL_BENCH_CLUSTERS ?? 50);
const POLICIES = Number(process.env.NETSEAL_BENCH_POLICIES ?? 2000);
const PODS = Number(process.env.NETSEAL_BENCH_PODS ?? 2000);
const EDITS = Number(process.env.NETSEAL_BENCH_EDITS ?? 100);
const PER_PROCESS = Number(process.env.NETSEAL_BENCH_SERVERS_PER_PROCESS ?? 10);
const ADMIN_TOKEN = 'bench-admin';
const MiB = 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
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

/** User and system CPU time of this process, in ms, from a `process.cpuUsage` delta. */
function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

/** An object as the API server lists it: runtime metadata and managedFields included. */
function asListed<T extends { metadata: object }>(object: T, serial: number) {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      uid: `4f9d6c3e-1b2a-4c5d-9e8f-${String(serial).padStart(12, '0')}`,
      resourceVersion: String(100000 + serial),
      creationTimestamp: '2026-12-06T09:00:00Z',
      generation: 1,
      managedFields: [
        {
          manager: 'kubectl-client-side-apply',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2026-12-06T09:00:00Z',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:metadata': { 'f:labels': {} }, 'f:spec': {} },
        },
      ],
    },
  };
}

/** Bytes of heap one live policy and one live pod take in the live view, after GC. */
function bytesPerObject(count: number): { policy: number; pod: number } {
  const services = Math.max(1, count / POLICIES_PER_SERVICE);
  let before = heapAfterGc();
  const policies: CachedPolicy[] = [];
  for (let i = 0; i < count; i++) {
    const raw = asListed(
      sealedPolicy(
        Math.floor(i / POLICIES_PER_SERVICE),
        i % POLICIES_PER_SERVICE,
      ),
      i,
    );
    const policy = slimNetworkPolicy(JSON.parse(JSON.stringify(raw)));
    void policy.digest;
    policies.push(policy);
  }
  const policy = (heapAfterGc() - before) / count;
  before = heapAfterGc();
  const pods: CachedPod[] = [];
  for (let i = 0; i < count; i++) {
    const raw = asListed(servicePod(i % services, i, 10), i);
    pods.push(slimPod(JSON.parse(JSON.stringify(raw))));
  }
  const pod = (heapAfterGc() - before) / count;
  // Kept alive until measured.
  if (policies.length + pods.length !== 2 * count)
    throw new Error('lost objects');
  return { policy, pod };
}

function patch(
  server: { url: string; caData: string },
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
          authorization: `Bearer ${benchTokens.admin.token}`,
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

function load(): string {
  return os
    .loadavg()
    .map(value => value.toFixed(1))
    .join(' / ');
}

async function main() {
  const services = POLICIES / POLICIES_PER_SERVICE;
  const podsPerService = Math.max(1, Math.round(PODS / services));
  const clusterNames = Array.from(
    { length: CLUSTERS },
    (_, c) => `cluster-${c}`,
  );
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netseal-fleet-bench-'));
  const rss = () => process.memoryUsage().rss;
  let peakRss = rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rss());
  }, 50);
  const memory: string[] = [];
  const recordMemory = (phase: string) => {
    const heap = heapAfterGc();
    const { heapTotal, external } = process.memoryUsage();
    // RSS beyond the heap in use: pages V8 keeps committed after a peak, and memory
    // outside the heap (SQLite, buffers), told apart so the RSS can be read.
    memory.push(
      `${phase}: heap ${(heap / MiB).toFixed(0)} MiB in use of ${(
        heapTotal / MiB
      ).toFixed(0)} MiB committed, external ${(external / MiB).toFixed(
        0,
      )} MiB, RSS ${(rss() / MiB).toFixed(0)} MiB`,
    );
  };
  let hosts: Awaited<ReturnType<typeof startServerHosts>> | undefined;
  try {
    console.log(
      `fleet bench: ${CLUSTERS} clusters × ${POLICIES} policies × ${
        services * podsPerService
      } pods (${services} services, each ${POLICIES_PER_SERVICE} policies and ${podsPerService} pods per cluster), ${EDITS} edits; Node ${
        process.version
      }, ${os.cpus().length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(
        0,
      )} GiB; load average ${load()} (1/5/15 min)`,
    );
    if (!gc) {
      console.log('(run with --expose-gc for heap figures after GC)');
    }
    const perObject = bytesPerObject(20_000);
    console.log(
      `live view per object (heap after GC, 20,000 of each): ${perObject.policy.toFixed(
        0,
      )} bytes per NetworkPolicy (identity, JSON text without managedFields, live digest), ${perObject.pod.toFixed(
        0,
      )} bytes per pod (identity, labels, addresses, ports, phase, node)`,
    );

    let started = performance.now();
    writePolicySources(path.join(root, 'sources'), services, clusterNames);
    const seedFile = path.join(root, 'seed.json');
    fs.writeFileSync(seedFile, seedText(services, podsPerService));
    console.log(
      `fleet written: ${services} policy sources × ${CLUSTERS} cluster folders (${(
        services *
        CLUSTERS *
        POLICIES_PER_SERVICE
      ).toLocaleString('en')} manifests), in ${(
        (performance.now() - started) /
        1000
      ).toFixed(1)} s`,
    );
    started = performance.now();
    hosts = await startServerHosts({
      names: clusterNames,
      perProcess: PER_PROCESS,
      seedFile,
      tokens: benchTokens,
      adminToken: ADMIN_TOKEN,
    });
    console.log(
      `${CLUSTERS} test servers in ${Math.ceil(
        CLUSTERS / PER_PROCESS,
      )} processes of their own, started in ${(
        (performance.now() - started) /
        1000
      ).toFixed(1)} s`,
    );
    const serverOf = new Map(
      hosts.servers.map(server => [server.name, server]),
    );

    recordMemory('engine process before the live view');
    const logger = quietLogger();
    const liveView = KubernetesLiveView.create({
      clusters: hosts.servers.map(server => ({
        name: server.name,
        url: server.url,
        auth: { kind: 'token' as const, token: benchTokens.reader.token },
        caData: server.caData,
      })),
      logger,
      // The test servers share the machine's cores with the engine: fifty first lists
      // at once can take minutes where real API servers answer in seconds.
      timing: { requestTimeoutMs: 15 * 60_000 },
    });
    started = performance.now();
    // CPU time beside wall time: on shared cores, wall time also measures the other
    // work on them; the test servers run elsewhere, so this process's CPU is the engine's.
    let cpu = process.cpuUsage();
    await liveView.start();
    const initialSyncMs = performance.now() - started;
    const initialSyncCpu = cpuMs(process.cpuUsage(cpu));
    const requests = () =>
      clusterNames.reduce((sum, name) => sum + liveView.requestCount(name), 0);
    const initialRequests = requests();
    const disconnected = clusterNames.filter(
      name => liveView.connection(name).state !== 'connected',
    );
    if (disconnected.length > 0) {
      throw new Error(`clusters not connected: ${disconnected.join(', ')}`);
    }
    recordMemory('after the initial list+watch of every cluster');

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
        netseal: { localGitReader: { allow: [path.join(root, 'sources')] } },
      }),
      logger,
      factories: [LocalGitUrlReader.factory],
    });
    const drifted = new Map<string, (at: number) => void>();
    const engine = new DriftEngine({
      liveView,
      sources: new UrlReaderPolicySourceReader(urlReader),
      store,
      logger,
      listeners: [
        {
          onTransitions: (_entity, transitions) => {
            const at = performance.now();
            for (const transition of transitions) {
              if (transition.to !== 'drifted') continue;
              const key = `${transition.cluster}/${transition.namespace}/${transition.name}`;
              drifted.get(key)?.(at);
            }
          },
        },
      ],
    });
    engine.start();
    const entities = trackedEntities(path.join(root, 'sources'), services);

    started = performance.now();
    cpu = process.cpuUsage();
    await engine.synchronize(entities);
    const firstCheckMs = performance.now() - started;
    const firstCheckCpu = cpuMs(process.cpuUsage(cpu));
    const counts = await store.countByStatus();
    recordMemory('after the first drift check');

    const beforeResync = requests();
    started = performance.now();
    cpu = process.cpuUsage();
    await liveView.resync();
    await engine.settled();
    const relistMs = performance.now() - started;
    await engine.synchronize(entities);
    const fullResyncMs = performance.now() - started;
    const fullResyncCpu = cpuMs(process.cpuUsage(cpu));
    const resyncRequests = requests() - beforeResync;
    recordMemory('after a full resync');

    const latencies: number[] = [];
    for (let edit = 0; edit < EDITS; edit++) {
      const cluster = clusterNames[edit % CLUSTERS];
      const service = (edit * 7) % services;
      const target = sealedPolicy(service, edit % POLICIES_PER_SERVICE);
      const { namespace = '', name = '' } = target.metadata;
      const stored = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`edit ${edit} not stored as drifted within 30 s`)),
          30_000,
        );
        drifted.set(`${cluster}/${namespace}/${name}`, at => {
          clearTimeout(timer);
          resolve(at);
        });
      });
      await patch(serverOf.get(cluster)!, namespace, name, {
        spec: { ingress: [{ ports: [{ port: 9000 + edit }] }] },
      });
      const edited = performance.now();
      latencies.push((await stored) - edited);
    }
    latencies.sort((a, b) => a - b);
    recordMemory('after the edits');

    await engine.stop();
    await liveView.stop();
    await knex.destroy();

    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(
      `initial list+watch of ${CLUSTERS} clusters: ${seconds(
        initialSyncMs,
      )} (CPU ${seconds(
        initialSyncCpu,
      )}), ${initialRequests} Kubernetes API requests (${(
        initialRequests / CLUSTERS
      ).toFixed(1)} per cluster)`,
    );
    console.log(
      `first drift check of ${services} entities × ${CLUSTERS} clusters: ${seconds(
        firstCheckMs,
      )} (CPU ${seconds(
        firstCheckCpu,
      )}; every source read and parsed, every status stored): ${JSON.stringify(
        counts,
      )}`,
    );
    console.log(
      `full resync: ${seconds(fullResyncMs)} (CPU ${seconds(
        fullResyncCpu,
      )}; re-list of every cluster and the checks it caused: ${seconds(
        relistMs,
      )}; then sources by ETag and every entity checked), ${resyncRequests} Kubernetes API requests (${(
        resyncRequests / CLUSTERS
      ).toFixed(1)} per cluster)`,
    );
    console.log(
      `live edit → drifted stored, ${EDITS} edits: p50 ${percentile(
        latencies,
        50,
      ).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(
        0,
      )} ms, max ${latencies[latencies.length - 1].toFixed(0)} ms`,
    );
    for (const line of memory) console.log(`engine process, ${line}`);
    console.log(
      `engine process peak RSS: ${(peakRss / MiB).toFixed(
        0,
      )} MiB (the test servers run in other processes); load average now ${load()}`,
    );
  } finally {
    clearInterval(sampler);
    await hosts?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(
    `fleet bench failed: ${error instanceof Error ? error.stack : error}`,
  );
  process.exitCode = 1;
});
