/*
 * Multi-replica bench: three backend processes (Backstage backends with the Netseal
 * plugin) on one PostgreSQL share a fleet of Kubernetes API test servers (in processes
 * of their own). Prints how the clusters were shared and the watches each API server
 * saw, then kills (SIGKILL) a replica that watches clusters, edits one of its clusters
 * at once, and prints the takeover: when each of the dead replica's clusters was
 * watched again by a survivor, when the edit was stored as drifted, and the
 * transitions recorded for it. Everything listens on 127.0.0.1 and stops by itself.
 *
 * PostgreSQL comes from BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, as the
 * tests take it (`source scripts/env.sh && source scripts/postgres.sh &&
 * netseal_ensure_postgres` sets it); without it the replicas share a SQLite file.
 *
 *   yarn workspace @netseal/backstage-plugin-netseal-backend bench:replicas
 *   NETSEAL_BENCH_LEASE=20s NETSEAL_BENCH_CLUSTERS=12 ...
 */
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import {
  Replica,
  sharedDatabase,
  startReplica,
} from '../src/endToEnd/__testUtils__/replicas';
import {
  benchTokens,
  POLICIES_PER_SERVICE,
  sealedPolicy,
  seedText,
  serviceName,
  writePolicySources,
} from './fleet/fleetFixture';
import { HostedServer } from './fleet/serverHost';
import { startServerHosts } from './fleet/startServerHosts';

const CLUSTERS = Number(process.env.NETSEAL_BENCH_CLUSTERS ?? 12);
const POLICIES = Number(process.env.NETSEAL_BENCH_POLICIES ?? 200);
const LEASE = process.env.NETSEAL_BENCH_LEASE ?? '20s';
const ADMIN_TOKEN = 'bench-admin';
/**
 * The watches one replica opens on a cluster it holds: NetworkPolicies, pods and
 * namespaces for the live view, and the guard's admission policy, binding and
 * parameters' ConfigMap. The bench's servers serve no network-policy-api group, so the
 * cluster-scoped kinds' discovery adds no watch (a cluster serving them would add one
 * per kind, on the lease's holder).
 */
const WATCHES_OF_ONE_REPLICA = 6;

function load(): string {
  return os
    .loadavg()
    .map(value => value.toFixed(1))
    .join(' / ');
}

function request(
  server: HostedServer,
  method: string,
  apiPath: string,
  token: string,
  body?: object,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${server.url}${apiPath}`,
      {
        method,
        ca: Buffer.from(server.caData, 'base64'),
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/merge-patch+json',
        },
      },
      res => {
        let text = '';
        res.on('data', chunk => {
          text += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text }),
        );
      },
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

async function openWatches(server: HostedServer): Promise<number> {
  const res = await request(server, 'GET', '/__testserver/state', ADMIN_TOKEN);
  return JSON.parse(res.body).openWatches;
}

async function until<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

async function main() {
  const services = POLICIES / POLICIES_PER_SERVICE;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netseal-replica-bench-'));
  const database = sharedDatabase();
  const replicas: Replica[] = [];
  let hosts: Awaited<ReturnType<typeof startServerHosts>> | undefined;
  try {
    console.log(
      `replica bench: 3 replicas on ${
        database.kind
      }, ${CLUSTERS} clusters × ${POLICIES} policies, leases of ${LEASE}; Node ${
        process.version
      }, ${os.cpus().length} cores; load average ${load()} (1/5/15 min)`,
    );
    const clusterNames = Array.from(
      { length: CLUSTERS },
      (_, c) => `cluster-${c}`,
    );
    const sources = path.join(root, 'sources');
    writePolicySources(sources, services, clusterNames);
    const seedFile = path.join(root, 'seed.json');
    fs.writeFileSync(seedFile, seedText(services, 2));
    hosts = await startServerHosts({
      names: clusterNames,
      perProcess: 6,
      seedFile,
      tokens: benchTokens,
      adminToken: ADMIN_TOKEN,
    });
    const servers = new Map(hosts.servers.map(server => [server.name, server]));

    const start = (name: string) =>
      startReplica({
        name,
        database,
        directory: root,
        netseal: {
          localGitReader: { allow: [sources] },
          clusters: hosts!.servers.map(server => ({
            name: server.name,
            url: server.url,
            serviceAccountToken: benchTokens.reader.token,
            caData: server.caData,
          })),
          clusterLeases: { duration: LEASE },
        },
        entities: Array.from({ length: services }, (_, service) => ({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: serviceName(service),
            annotations: {
              'netseal.io/policy-source': `file://${path.join(
                sources,
                serviceName(service),
              )}`,
              'backstage.io/kubernetes-id': serviceName(service),
            },
          },
          spec: {},
        })),
        startTimeoutMs: 300_000,
      }).then(replica => {
        replicas.push(replica);
        return replica;
      });

    const started = performance.now();
    await start('replica-1');
    await start('replica-2');
    await start('replica-3');
    console.log(
      `three replicas started in ${(
        (performance.now() - started) /
        1000
      ).toFixed(1)} s`,
    );
    const knex = database.open();
    const pidOf = (owner: string) => Number(owner.split('-').at(-2));
    const holders = async () => {
      const now = Date.now();
      const rows: { name: string; owner: string; held_until: Date | number }[] =
        await knex('netseal_leases').select('name', 'owner', 'held_until');
      return new Map(
        rows
          .filter(
            row =>
              row.name.startsWith('cluster:') &&
              new Date(row.held_until).getTime() >= now,
          )
          .map(row => [row.name.slice('cluster:'.length), pidOf(row.owner)]),
      );
    };
    const watchesOf = async () =>
      Promise.all(clusterNames.map(name => openWatches(servers.get(name)!)));
    const alive = () => new Set(replicas.map(replica => replica.process.pid));
    await until(
      'the replicas to share the clusters, each watched once',
      async () => {
        const held = await holders();
        const owners = new Set(held.values());
        const watches = await watchesOf();
        return held.size === CLUSTERS &&
          owners.size === 3 &&
          [...owners].every(pid => alive().has(pid)) &&
          watches.every(count => count === WATCHES_OF_ONE_REPLICA)
          ? true
          : undefined;
      },
      600_000,
    );
    const shared = await holders();
    const shares = replicas.map(
      replica =>
        [...shared.values()].filter(pid => pid === replica.process.pid).length,
    );
    console.log(
      `clusters per replica: ${shares.join(
        ', ',
      )}; open watches per API server: ${(await watchesOf()).join(
        ' ',
      )} (${WATCHES_OF_ONE_REPLICA} = one replica: NetworkPolicies, pods, namespaces, and the guard's three objects)`,
    );

    const held = await holders();
    const victim = replicas.find(replica =>
      [...held.values()].includes(replica.process.pid!),
    )!;
    const victimClusters = [...held]
      .filter(([, pid]) => pid === victim.process.pid)
      .map(([cluster]) => cluster);
    const edited = victimClusters[0];
    const target = sealedPolicy(0, 0);
    const killedAt = performance.now();
    await victim.kill();
    replicas.splice(replicas.indexOf(victim), 1);
    const patched = await request(
      servers.get(edited)!,
      'PATCH',
      `/apis/networking.k8s.io/v1/namespaces/${target.metadata.namespace}/networkpolicies/${target.metadata.name}`,
      benchTokens.admin.token,
      { spec: { ingress: [{ ports: [{ port: 9999 }] }] } },
    );
    if (patched.status !== 200)
      throw new Error(`PATCH answered ${patched.status}`);

    const watchedAgain = new Map<string, number>();
    let driftedAt: number | undefined;
    await until(
      'the survivors to take the clusters over and store the edit',
      async () => {
        const now = performance.now();
        const taken = await holders();
        for (const cluster of victimClusters) {
          const pid = taken.get(cluster);
          if (!watchedAgain.has(cluster) && pid && alive().has(pid)) {
            watchedAgain.set(cluster, now - killedAt);
          }
        }
        if (driftedAt === undefined) {
          const row = await knex('netseal_policy_drift')
            .where({
              entity_ref: `component:default/${serviceName(0)}`,
              cluster: edited,
              name: target.metadata.name,
            })
            .first();
          if (row?.status === 'drifted') driftedAt = now - killedAt;
        }
        return watchedAgain.size === victimClusters.length &&
          driftedAt !== undefined
          ? true
          : undefined;
      },
      300_000,
    );
    const transitions = await knex('netseal_drift_transitions')
      .where({ cluster: edited, name: target.metadata.name })
      .orderBy('id')
      .select('from_status', 'to_status');
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(
      `killed a replica watching ${
        victimClusters.length
      } clusters; each taken over by a survivor after ${[
        ...watchedAgain.values(),
      ]
        .map(seconds)
        .join(
          ', ',
        )} (lease ${LEASE}); the edit made at once stored as drifted after ${seconds(
        driftedAt!,
      )}`,
    );
    console.log(
      `transitions of the edited policy: ${transitions
        .map(t => `${t.from_status} → ${t.to_status}`)
        .join(', ')}; open watches per API server now: ${(
        await watchesOf()
      ).join(' ')}; load average now ${load()}`,
    );
  } finally {
    await Promise.all(replicas.map(replica => replica.stop()));
    await database.remove();
    await hosts?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(
    `replica bench failed: ${error instanceof Error ? error.stack : error}`,
  );
  process.exitCode = 1;
});
