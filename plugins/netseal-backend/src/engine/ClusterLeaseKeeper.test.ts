import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import type { ClusterStatus } from '../clusters';
import { DatabaseLeaseStore, LeaseStore, NetsealDatabase } from '../database';
import {
  ClusterLeaseKeeper,
  clusterLeaseName,
  UNCONFIGURED_CLUSTERS_LEASE,
} from './ClusterLeaseKeeper';

jest.setTimeout(60_000);

const CLUSTERS = ['c1', 'c2', 'c3', 'c4', 'c5'];
const LEASE_MS = 20_000;

/** The part of the live view the keeper drives, recording what it is told. */
class RecordingLiveView {
  readonly watched = new Set<string>();
  readonly reported = new Map<string, ClusterStatus | undefined>();

  clusterNames() {
    return CLUSTERS;
  }
  async watch(clusters: readonly string[]) {
    clusters.forEach(cluster => this.watched.add(cluster));
  }
  async unwatch(clusters: readonly string[]) {
    clusters.forEach(cluster => this.watched.delete(cluster));
  }
  watchedClusters() {
    return CLUSTERS.filter(cluster => this.watched.has(cluster));
  }
  status(cluster: string): ClusterStatus {
    return {
      connection: {
        state: 'connected',
        lastSyncedAt: new Date('2026-12-06T09:00:00Z'),
      },
      policyCount: cluster.length,
    };
  }
  setReported(cluster: string, status: ClusterStatus | undefined) {
    this.reported.set(cluster, status);
  }
}

describe('ClusterLeaseKeeper', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let store: DatabaseLeaseStore;
    let clock: number;
    const keepers: ClusterLeaseKeeper[] = [];

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      store = (
        await NetsealDatabase.create({
          database: mockServices.database({
            knex,
            migrations: { skip: false },
          }),
        })
      ).leaseStore;
    });

    beforeEach(() => {
      clock = Date.parse('2026-12-06T09:00:00Z');
    });

    afterEach(async () => {
      await Promise.all(keepers.splice(0).map(keeper => keeper.stop()));
      await knex('netseal_leases').delete();
    });

    function replica(owner: string, leases: LeaseStore = store) {
      const liveView = new RecordingLiveView();
      const duty: boolean[] = [];
      const keeper = new ClusterLeaseKeeper({
        liveView,
        leases,
        logger: mockServices.logger.mock(),
        leaseMs: LEASE_MS,
        owner,
        now: () => new Date(clock),
        onUnconfiguredDuty: held => {
          duty.push(held);
        },
      });
      keepers.push(keeper);
      // What else follows a cluster from one replica (the guard's watches) as a subscriber.
      const followed = new Set<string>();
      keeper.subscribe(event => {
        for (const cluster of event.clusters) {
          if (event.type === 'taken') followed.add(cluster);
          else followed.delete(cluster);
        }
      });
      return {
        keeper,
        liveView,
        holdsUnconfigured: () => duty[duty.length - 1] === true,
        followed: () => CLUSTERS.filter(cluster => followed.has(cluster)),
      };
    }

    /** Each cluster with the replicas that watch it. */
    function watchers(...replicas: Array<{ liveView: RecordingLiveView }>) {
      return Object.fromEntries(
        CLUSTERS.map(cluster => [
          cluster,
          replicas.filter(r => r.liveView.watched.has(cluster)).length,
        ]),
      );
    }

    const once = Object.fromEntries(CLUSTERS.map(cluster => [cluster, 1]));

    it('lets a lone replica watch every cluster and write the unconfigured ones', async () => {
      const a = replica('a');

      await a.keeper.start();

      expect(a.liveView.watchedClusters()).toEqual(CLUSTERS);
      expect(a.followed()).toEqual(CLUSTERS);
      expect(a.holdsUnconfigured()).toBe(true);
    });

    it('shares the clusters between replicas, each watched by one of them', async () => {
      const a = replica('a');
      const b = replica('b');
      const c = replica('c');
      await a.keeper.start();
      await b.keeper.start();
      await c.keeper.start();

      // A round each: a gives up what is beyond its share, the others take it.
      clock += LEASE_MS / 4;
      for (const r of [a, b, c]) await r.keeper.tick();
      for (const r of [a, b, c]) await r.keeper.tick();

      expect(watchers(a, b, c)).toEqual(once);
      for (const r of [a, b, c]) {
        expect(r.followed()).toEqual(r.liveView.watchedClusters());
      }
      const shares = [a, b, c].map(r => r.keeper.held().length);
      // Five clusters and the unconfigured ones: two leases each.
      expect(shares).toEqual([2, 2, 2]);
      expect(
        [a, b, c].filter(r => r.holdsUnconfigured()).map(r => r.keeper.owner),
      ).toHaveLength(1);
    });

    it('gives the clusters of a replica that died to the others once its leases lapse, not before', async () => {
      const a = replica('a');
      const b = replica('b');
      await a.keeper.start();
      await b.keeper.start();
      clock += LEASE_MS / 4;
      await a.keeper.tick();
      await b.keeper.tick();
      const aClusters = a.liveView.watchedClusters();
      expect(aClusters.length).toBeGreaterThan(0);

      // a dies: it renews nothing from now on.
      a.keeper.tick = async () => {};
      clock += LEASE_MS / 2;
      await b.keeper.tick();
      expect(b.liveView.watchedClusters()).not.toEqual(CLUSTERS);

      clock += LEASE_MS;
      await b.keeper.tick();
      expect(b.liveView.watchedClusters()).toEqual(CLUSTERS);
      expect(b.holdsUnconfigured()).toBe(true);
    });

    it('stops watching before its leases lapse when it cannot renew them', async () => {
      let failing = false;
      const flaky: LeaseStore = {
        claim: (...args) => store.claim(...args),
        renew: (...args) =>
          failing
            ? Promise.reject(new Error('connection refused'))
            : store.renew(...args),
        report: (...args) => store.report(...args),
        release: (...args) => store.release(...args),
        list: () => store.list(),
      };
      const a = replica('a', flaky);
      await a.keeper.start();

      failing = true;
      clock += LEASE_MS / 4;
      await a.keeper.tick();
      expect(a.liveView.watchedClusters()).toEqual(CLUSTERS);
      clock += LEASE_MS / 2;
      await a.keeper.tick();

      expect(a.liveView.watchedClusters()).toEqual([]);
      expect(a.followed()).toEqual([]);
      expect(a.holdsUnconfigured()).toBe(false);
      // Still within the leases' time: nobody else could have taken them yet.
      expect(clock).toBeLessThan(Date.parse('2026-12-06T09:00:00Z') + LEASE_MS);
    });

    it('hands its clusters over at once when it stops', async () => {
      const a = replica('a');
      const b = replica('b');
      await a.keeper.start();
      await b.keeper.start();

      await a.keeper.stop();
      await b.keeper.tick();

      expect(b.liveView.watchedClusters()).toEqual(CLUSTERS);
      expect(a.followed()).toEqual([]);
      expect(b.followed()).toEqual(CLUSTERS);
      expect(b.keeper.held()).toContain(UNCONFIGURED_CLUSTERS_LEASE);
    });

    it('tells its subscribers of the clusters it gives up while it still holds their leases', async () => {
      const a = replica('a');
      const holdersWhenGivenUp = new Map<string, string | undefined>();
      a.keeper.subscribe(async event => {
        if (event.type !== 'given-up') return;
        const leases = await store.list();
        for (const cluster of event.clusters) {
          holdersWhenGivenUp.set(
            cluster,
            leases.find(lease => lease.name === clusterLeaseName(cluster))
              ?.owner,
          );
        }
      });
      await a.keeper.start();

      await a.keeper.stop();

      expect(Object.fromEntries(holdersWhenGivenUp)).toEqual(
        Object.fromEntries(CLUSTERS.map(cluster => [cluster, 'a'])),
      );
      expect(await store.list()).toEqual([]);
    });

    it('shows every cluster as the replica watching it reported it', async () => {
      const a = replica('a');
      const b = replica('b');
      await a.keeper.start();
      await b.keeper.start();
      clock += LEASE_MS / 4;
      for (const r of [a, b, a, b]) await r.keeper.tick();

      const bWatches = b.liveView.watchedClusters()[0];
      expect(a.liveView.reported.get(bWatches)).toEqual({
        connection: {
          state: 'connected',
          lastSyncedAt: new Date('2026-12-06T09:00:00Z'),
        },
        policyCount: bWatches.length,
      });
    });
  });
});
