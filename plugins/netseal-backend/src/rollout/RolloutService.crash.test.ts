import {
  computeSeal,
  GUARD_LABEL,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import type { TestCluster } from '../clusters/__testUtils__/testClusters';
import type { RolloutProgress } from '../database/RolloutProgress';
import type { RolloutStore } from '../database/RolloutStore';
import {
  allowedFlows,
  checkoutEgress,
  livePolicies,
  newAllowPayments,
  oldAllowPayments,
  startRolloutCluster,
} from './__testUtils__/rolloutCluster';
import {
  mergedAllowPaymentsRequest,
  mergingHost,
  rolloutReplica,
  rolloutStores,
  useRolloutTestState,
} from './__testUtils__/rolloutReplica';

jest.setTimeout(120_000);

const newSeal = computeSeal(newAllowPayments);
/** Five steps, each recorded as started and as finished, then the end. */
const WRITES = 11;

class Crash extends Error {}

const allowedOld = allowedFlows([oldAllowPayments, checkoutEgress]);
const allowedNew = allowedFlows([newAllowPayments, checkoutEgress]);

function unreviewedFlows(state: NetworkPolicy[]): string[] {
  return [...allowedFlows(state)].filter(
    flow => !allowedOld.has(flow) && !allowedNew.has(flow),
  );
}

/**
 * The rollout store as one replica sees it, dying (throwing, and never again writing or
 * giving up its lease) right after its `crashAt`-th progress record, and listing the
 * namespace's policies at every record.
 */
function dyingStore(
  store: RolloutStore,
  cluster: TestCluster,
  observed: NetworkPolicy[][],
  crashAt?: number,
): RolloutStore {
  let writes = 0;
  let dead = false;
  const record = async (write: () => Promise<void>) => {
    if (dead) throw new Crash('dead');
    observed.push(await livePolicies(cluster));
    await write();
    writes += 1;
    if (writes === crashAt) {
      dead = true;
      throw new Crash(`died after progress record ${writes}`);
    }
  };
  return {
    begin: (...args) => store.begin(...args),
    get: (...args) => store.get(...args),
    setStatus: (...args) => store.setStatus(...args),
    acquireLocks: (...args) => store.acquireLocks(...args),
    releaseLocks: (...args) => store.releaseLocks(...args),
    claimLease: (...args) => store.claimLease(...args),
    releaseLease: async (...args) => {
      if (!dead) await store.releaseLease(...args);
    },
    listUnfinished: () => store.listUnfinished(),
    progress(requestId, clusterName, options): RolloutProgress {
      const inner = store.progress(requestId, clusterName, options);
      return {
        resumeFrom: () => inner.resumeFrom(),
        started: (phase, step) => record(() => inner.started(phase, step)),
        finished: (phase, step) => record(() => inner.finished(phase, step)),
        failed: (phase, step, error) =>
          record(() => inner.failed(phase, step, error)),
        rollbackStarted: (reason, notCreated) =>
          record(() => inner.rollbackStarted(reason, notCreated)),
        ended: outcome => record(() => inner.ended(outcome)),
      };
    },
  };
}

describe('RolloutService after a replica dies mid-rollout', () => {
  let cluster: TestCluster;
  const state = useRolloutTestState(() => cluster);

  beforeAll(async () => {
    cluster = await startRolloutCluster([]);
  });

  afterAll(async () => {
    await cluster.server.stop();
  });

  it.each(Array.from({ length: WRITES }, (_, index) => index + 1))(
    'a replica that dies after progress record %i leaves a rollout another replica finishes once the lease lapses, with no unreviewed flow on the way',
    async crashAt => {
      const { requestStore, rolloutStore } = await rolloutStores(state.knex);
      const host = mergingHost();
      const id = await mergedAllowPaymentsRequest(requestStore, host);
      const observed: NetworkPolicy[][] = [];
      const replica = (store: RolloutStore, now?: () => Date) =>
        rolloutReplica({ requestStore, store, cluster, host, now });

      const first = replica(
        dyingStore(rolloutStore, cluster, observed, crashAt),
      );
      await first.start(id, { userEntityRef: 'user:default/riley' });
      await first.settle();
      expect((await requestStore.get(id))!.state).toBe('rolling-out');

      // Another replica, while the dead one's lease still runs: it waits.
      const second = replica(dyingStore(rolloutStore, cluster, observed));
      await second.resumeAll();
      await second.settle();
      expect((await requestStore.get(id))!.state).toBe('rolling-out');

      // Ten minutes on, the lease has lapsed and it takes the rollout over.
      const later = replica(
        dyingStore(rolloutStore, cluster, observed),
        () => new Date(Date.now() + 10 * 60_000),
      );
      await later.resumeAll();
      await later.settle();

      expect((await requestStore.get(id))!.state).toBe('completed');
      const rollout = await rolloutStore.get(id);
      expect(rollout!.status).toBe('completed');
      expect(rollout!.clusters[0].steps.map(step => step.status)).toEqual([
        'done',
        'done',
        'done',
        'done',
        'done',
      ]);
      const live = await livePolicies(cluster);
      observed.push(live);
      const allowPayments = live.find(
        policy => policy.metadata.name === 'allow-payments',
      );
      expect(allowPayments && computeSeal(allowPayments)).toBe(newSeal);
      expect(
        live.filter(policy => policy.metadata.labels?.[GUARD_LABEL]),
      ).toEqual([]);
      // The locks went with the rollout's end.
      expect(await state.knex('netseal_rollout_locks')).toEqual([]);
      for (const observedState of observed) {
        expect(unreviewedFlows(observedState)).toEqual([]);
      }
    },
  );
});
