import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { KubeApiTestServer } from '@netseal/kube-api-test-server';
import { waitFor } from '../clusters/__testUtils__/waitFor';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';
import {
  clusterConfig,
  createPolicyRepository,
  patchLivePolicy,
  PolicyRepository,
  startTestCluster,
} from './__testUtils__/endToEnd';
import {
  Replica,
  REPLICA_API_TOKEN,
  SharedDatabase,
  sharedDatabase,
  startReplica,
} from './__testUtils__/replicas';

const CLUSTERS = ['east', 'west', 'north', 'south'];
const PAYMENTS = 'component:default/payments';

/** Watches open on a test server, from any client. */
function openWatches(server: KubeApiTestServer): Promise<number> {
  return new Promise((resolve, reject) => {
    https
      .get(
        `${server.url}/__testserver/state`,
        {
          ca: Buffer.from(server.caData, 'base64'),
          headers: { authorization: `Bearer ${server.adminToken}` },
        },
        res => {
          let body = '';
          res.on('data', chunk => {
            body += chunk;
          });
          res.on('end', () => resolve(JSON.parse(body).openWatches));
        },
      )
      .on('error', reject);
  });
}

/**
 * Three backend processes on one database share four clusters: each cluster is watched
 * by exactly one of them, and when one is killed another takes its clusters over and
 * records what changed meanwhile, once. Its timing is not asserted; every wait is
 * bounded so that a hang fails with what was awaited.
 */
describe('three replicas on one database', () => {
  // Three backends start in child processes: a bound for a loaded CI machine.
  jest.setTimeout(900_000);

  let repository: PolicyRepository;
  let database: SharedDatabase;
  let knex: Knex;
  let directory: string;
  const servers = new Map<string, KubeApiTestServer>();
  const replicas: Replica[] = [];

  beforeAll(async () => {
    repository = createPolicyRepository(
      Object.fromEntries(
        CLUSTERS.map(cluster => [
          `payments/${cluster}/allow-checkout.yaml`,
          sealed(allowCheckout),
        ]),
      ),
    );
    for (const cluster of CLUSTERS) {
      servers.set(cluster, await startTestCluster([sealed(allowCheckout)]));
    }
    database = sharedDatabase();
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'netseal-replicas-'));
  });

  afterAll(async () => {
    await Promise.all(replicas.map(replica => replica.stop()));
    await database?.remove();
    await Promise.all([...servers.values()].map(server => server.stop()));
    repository?.remove();
    if (directory) fs.rmSync(directory, { recursive: true, force: true });
  });

  function start(name: string): Promise<Replica> {
    return startReplica({
      name,
      database,
      directory,
      netseal: {
        localGitReader: { allow: [repository.root] },
        clusters: CLUSTERS.map(cluster =>
          clusterConfig(cluster, servers.get(cluster)!),
        ),
        clusterLeases: { duration: '4s' },
        policySources: { refreshInterval: '3s' },
      },
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'payments',
            namespace: 'default',
            annotations: {
              'netseal.io/policy-source': `file://${path.join(
                repository.root,
                'payments',
              )}`,
              'backstage.io/kubernetes-id': 'payments',
            },
          },
          spec: { owner: 'group:default/payments-team' },
        },
      ],
    }).then(replica => {
      replicas.push(replica);
      return replica;
    });
  }

  const statuses = async () =>
    Object.fromEntries(
      (
        await knex('netseal_policy_drift')
          .where({ entity_ref: PAYMENTS })
          .select('cluster', 'status')
      ).map(row => [row.cluster, row.status]),
    );

  const transitions = async () =>
    (
      await knex('netseal_drift_transitions')
        .where({ entity_ref: PAYMENTS })
        .orderBy('id')
        .select('cluster', 'from_status', 'to_status')
    ).map(row => `${row.cluster}: ${row.from_status} → ${row.to_status}`);

  const watchesPerCluster = async () =>
    Object.fromEntries(
      await Promise.all(
        CLUSTERS.map(
          async cluster =>
            [cluster, await openWatches(servers.get(cluster)!)] as const,
        ),
      ),
    );

  /**
   * Every cluster watched by one replica: one watch per kind the live view follows
   * (policies, pods, namespaces) and per guard object (its admission policy, binding
   * and parameters' ConfigMap). A second replica watching would add three or six. The
   * cluster-scoped network policy kinds add none: these test servers serve no
   * network-policy-api group, so discovery finds nothing to watch (a cluster serving
   * them would add one watch per kind, from the lease's holder only).
   */
  const onceEach = Object.fromEntries(CLUSTERS.map(cluster => [cluster, 6]));

  /**
   * The live owners of the leases replicas share, by process id: each cluster's, and
   * `unconfigured-clusters` (the statuses of clusters no configuration names).
   */
  async function holders(): Promise<Map<string, number>> {
    const now = Date.now();
    const rows: { name: string; owner: string; held_until: Date | number }[] =
      await knex('netseal_leases').select('name', 'owner', 'held_until');
    return new Map(
      rows
        .filter(
          row =>
            !row.name.startsWith('replica:') &&
            new Date(row.held_until).getTime() >= now,
        )
        // Owners are named host-pid-random.
        .map(row => [
          row.name.startsWith('cluster:')
            ? row.name.slice('cluster:'.length)
            : row.name,
          Number(row.owner.split('-').at(-2)),
        ]),
    );
  }

  it('watches each cluster from one replica, and takes a killed replica’s clusters over without losing a transition', async () => {
    await start('replica-1');
    knex = database.open();
    await waitFor(
      async () =>
        Object.values(await statuses()).filter(s => s === 'in-sync').length ===
        CLUSTERS.length,
      'the first replica to check every cluster',
      { timeoutMs: 180_000 },
    );

    await Promise.all([start('replica-2'), start('replica-3')]);
    const pids = new Set(replicas.map(replica => replica.process.pid));
    await waitFor(
      async () => {
        const owners = new Set((await holders()).values());
        return (
          owners.size === 3 &&
          [...owners].every(pid => pids.has(pid)) &&
          JSON.stringify(await watchesPerCluster()) === JSON.stringify(onceEach)
        );
      },
      'the three replicas to share the clusters, each watched once',
      { timeoutMs: 240_000 },
    );
    expect(await watchesPerCluster()).toEqual(onceEach);

    // Kill a replica that watches a cluster, and change that cluster at once.
    const owners = await holders();
    const victim = replicas.find(
      replica => replica.process.pid === owners.get('east'),
    )!;
    await victim.kill();
    const edited = sealed(allowCheckout);
    edited.spec.ingress![0].ports = [{ port: 9443 }];
    await patchLivePolicy(servers.get('east')!, { spec: edited.spec });

    const survivors = replicas.filter(replica => replica !== victim);
    const livePids = new Set(survivors.map(replica => replica.process.pid));
    await waitFor(
      async () => {
        const taken = await holders();
        return (
          (await statuses()).east === 'drifted' &&
          CLUSTERS.every(cluster => livePids.has(taken.get(cluster)!)) &&
          JSON.stringify(await watchesPerCluster()) === JSON.stringify(onceEach)
        );
      },
      'another replica to take east over and store the change',
      { timeoutMs: 180_000 },
    );

    expect(await statuses()).toEqual({
      east: 'drifted',
      west: 'in-sync',
      north: 'in-sync',
      south: 'in-sync',
    });
    expect(await watchesPerCluster()).toEqual(onceEach);
    expect((await transitions()).sort()).toEqual(
      [
        ...CLUSTERS.map(cluster => `${cluster}: null → in-sync`),
        'east: in-sync → drifted',
      ].sort(),
    );

    // Any replica serves the API, showing every cluster as its watcher reports it
    // (through the lease table, renewed every second here).
    const clustersAsShownBy = async (replica: Replica) => {
      const res = await fetch(`${replica.baseUrl}/api/netseal/clusters`, {
        headers: { authorization: `Bearer ${REPLICA_API_TOKEN}` },
      });
      const body: {
        items: { name: string; state: string; policyCount: number }[];
      } = await res.json();
      return body.items.map(c => `${c.name}: ${c.state}, ${c.policyCount}`);
    };
    const everyClusterConnected = CLUSTERS.map(
      cluster => `${cluster}: connected, 1`,
    );
    for (const replica of survivors) {
      await waitFor(
        async () =>
          JSON.stringify(await clustersAsShownBy(replica)) ===
          JSON.stringify(everyClusterConnected),
        `${replica.name} to show every cluster connected`,
        { timeoutMs: 60_000 },
      );
      expect(await clustersAsShownBy(replica)).toEqual(everyClusterConnected);
    }
  });
});
