import { mockServices } from '@backstage/backend-test-utils';
import {
  NetworkPolicy,
  SealedManifest,
} from '@netseal/backstage-plugin-netseal-common';
import { knex as createKnex, Knex } from 'knex';
import { DatabaseDriftStore, NetsealDatabase } from '../database';
import type { PolicySourceReader } from '../sources/PolicySourceReader';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';
import { DriftEngine } from './DriftEngine';
import { InMemoryLiveView } from './__testUtils__/InMemoryLiveView';

const PAYMENTS = {
  entityRef: 'component:default/payments',
  policySourceUrl: 'https://git.example.com/policies/tree/main/payments',
};

function manifest(cluster: string): SealedManifest {
  const policy = sealed(allowCheckout);
  return {
    kind: 'sealed',
    file: `${cluster}/allow-checkout.yaml`,
    line: 1,
    policy,
    seal: policy.metadata.annotations!['netseal.io/seal'],
  };
}

/** The policy source of payments: allow-checkout for east, west and a retired cluster. */
const sources: PolicySourceReader = {
  read: async () => ({
    etag: 'commit-1',
    manifestsByCluster: new Map(
      ['east', 'west', 'retired'].map(cluster => [
        cluster,
        [manifest(cluster)],
      ]),
    ),
  }),
};

const edited: NetworkPolicy = {
  ...sealed(allowCheckout),
  spec: {
    ...allowCheckout.spec,
    ingress: [{ ports: [{ port: 9443 }] }],
  },
};

/** Each replica checks its share of the clusters; these tests play one replica. */
describe('DriftEngine with its share of the clusters', () => {
  let knex: Knex;
  let store: DatabaseDriftStore;
  let liveView: InMemoryLiveView;
  let engine: DriftEngine;

  beforeEach(async () => {
    knex = createKnex({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    store = (
      await NetsealDatabase.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      })
    ).driftStore;
    liveView = new InMemoryLiveView(['east', 'west']);
    engine = new DriftEngine({
      liveView,
      sources,
      store,
      logger: mockServices.logger.mock(),
      checksUnconfigured: false,
      debounceMs: 1,
    });
  });

  afterEach(async () => {
    await engine.stop();
    await knex.destroy();
  });

  /** What another replica wrote: allow-checkout in sync in both clusters. */
  async function writtenByAnotherReplica(at: Date) {
    await store.replaceStatuses({
      entityRef: PAYMENTS.entityRef,
      statuses: ['east', 'west'].map(cluster => ({
        cluster,
        namespace: 'shop',
        name: 'allow-checkout',
        status: 'in-sync' as const,
        seal: manifest(cluster).seal,
        liveDigest: manifest(cluster).seal,
        differences: [],
      })),
      checkedAt: at,
    });
  }

  const rows = async () =>
    (await store.listEntityPolicies(PAYMENTS.entityRef)).map(
      row => `${row.cluster}: ${row.status} (${row.checkedAt})`,
    );

  it('writes only the clusters it watches, and keeps what another replica wrote for the others', async () => {
    const before = new Date('2026-11-01T09:00:00Z');
    await writtenByAnotherReplica(before);
    liveView.watch('east', [edited]);
    liveView.connect('east');
    engine.start();

    await engine.synchronize([PAYMENTS]);

    const policies = await store.listEntityPolicies(PAYMENTS.entityRef);
    expect(policies.map(row => [row.cluster, row.status])).toEqual([
      ['east', 'drifted'],
      ['west', 'in-sync'],
    ]);
    expect(policies[1].checkedAt).toBe(before.toISOString());
  });

  it('checks a cluster it takes over once its first list is done, recording a change made meanwhile once', async () => {
    await writtenByAnotherReplica(new Date('2026-11-01T09:00:00Z'));
    engine.start();
    await engine.synchronize([PAYMENTS]);

    // The other replica died; this one takes east over: it lists, then connects.
    liveView.watch('east', [edited]);
    await engine.settled();
    expect(await rows()).toEqual([
      'east: in-sync (2026-11-01T09:00:00.000Z)',
      'west: in-sync (2026-11-01T09:00:00.000Z)',
    ]);
    liveView.connect('east');
    await engine.settled();

    const history = await store.listHistory({
      entityRef: PAYMENTS.entityRef,
      cluster: 'east',
      limit: 10,
    });
    expect(history.map(t => [t.from, t.to])).toEqual([
      ['in-sync', 'drifted'],
      [undefined, 'in-sync'],
    ]);
  });

  it('forgets a cluster it stops watching and writes nothing more for it', async () => {
    liveView.watch('east', [sealed(allowCheckout)]);
    liveView.connect('east');
    engine.start();
    await engine.synchronize([PAYMENTS]);
    const [east] = await store.listEntityPolicies(PAYMENTS.entityRef);

    liveView.unwatch('east');
    await engine.synchronize([PAYMENTS]);

    expect(await store.listEntityPolicies(PAYMENTS.entityRef)).toEqual([east]);
  });

  it('writes the clusters no configuration names only while it holds that duty', async () => {
    engine.start();
    await engine.synchronize([PAYMENTS]);
    expect(await rows()).toEqual([]);

    await engine.setChecksUnconfigured(true);

    expect(await store.listEntityPolicies(PAYMENTS.entityRef)).toEqual([
      expect.objectContaining({
        cluster: 'retired',
        status: 'unknown',
        reason: expect.stringContaining(
          'cluster "retired" is not configured in netseal.clusters',
        ),
      }),
    ]);
  });

  it('rewrites only the verdicts of the cluster a live edit happened in', async () => {
    for (const cluster of ['east', 'west']) {
      liveView.watch(cluster, [sealed(allowCheckout)]);
      liveView.connect(cluster);
    }
    engine.start();
    await engine.synchronize([PAYMENTS]);
    const [, westBefore] = await store.listEntityPolicies(PAYMENTS.entityRef);
    await new Promise(resolve => setTimeout(resolve, 5));

    liveView.apply('east', edited);
    await engine.settled();

    const [east, west] = await store.listEntityPolicies(PAYMENTS.entityRef);
    expect(east.status).toBe('drifted');
    expect(west).toEqual(westBefore);
  });
});
