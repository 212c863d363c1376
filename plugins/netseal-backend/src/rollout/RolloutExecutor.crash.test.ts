import {
  computeSeal,
  GUARD_LABEL,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import {
  kubeRequest,
  TestCluster,
} from '../clusters/__testUtils__/testClusters';
import { RolloutExecutor } from './RolloutExecutor';
import {
  InMemoryRolloutProgress,
  RolloutPhase,
  RolloutProgress,
} from '../database/RolloutProgress';
import {
  allowedFlows,
  checkoutEgress,
  livePolicies,
  newAllowPayments,
  oldAllowPayments,
  replaceAllowPayments,
  rolloutKubeConfig,
  startRolloutCluster,
} from './__testUtils__/rolloutCluster';

jest.setTimeout(60_000);

const policiesPath =
  '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies';

const rollout = {
  requestId: '42',
  cluster: 'shop-eu',
  changes: [replaceAllowPayments],
};
const STEPS = 5;

/** When the backend dies, relative to one step. */
type CrashMoment =
  | 'after its start is recorded'
  | 'after it ran, before its end is recorded'
  | 'after its end is recorded';

class Crash extends Error {}

/**
 * Progress persisted in `store`, that lists the namespace's policies at every record and,
 * once, dies at the given moment of the given step.
 */
function crashingProgress(
  store: RolloutProgress,
  cluster: TestCluster,
  observed: NetworkPolicy[][],
  crash?: { phase: RolloutPhase; step: number; moment: CrashMoment },
): RolloutProgress {
  const at = (phase: RolloutPhase, step: number, moment: CrashMoment) => {
    if (
      crash &&
      crash.phase === phase &&
      crash.step === step &&
      crash.moment === moment
    ) {
      throw new Crash(`crash at step ${step + 1}, ${moment}`);
    }
  };
  const observe = async () => {
    observed.push(await livePolicies(cluster));
  };
  return {
    resumeFrom: () => store.resumeFrom(),
    async started(phase, step) {
      await observe();
      await store.started(phase, step);
      at(phase, step, 'after its start is recorded');
    },
    async finished(phase, step) {
      await observe();
      at(phase, step, 'after it ran, before its end is recorded');
      await store.finished(phase, step);
      at(phase, step, 'after its end is recorded');
    },
    failed: (phase, step, error) => store.failed(phase, step, error),
    rollbackStarted: (reason, notCreated) =>
      store.rollbackStarted(reason, notCreated),
    ended: outcome => store.ended(outcome),
  };
}

const allowedOld = allowedFlows([oldAllowPayments, checkoutEgress]);
const allowedNew = allowedFlows([newAllowPayments, checkoutEgress]);

/** The flows a state allows that neither the old nor the new policies allow. */
function unreviewedFlows(state: NetworkPolicy[]): string[] {
  return [...allowedFlows(state)].filter(
    flow => !allowedOld.has(flow) && !allowedNew.has(flow),
  );
}

describe('RolloutExecutor after a crash', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startRolloutCluster([]);
  });

  afterAll(async () => {
    await cluster.server.stop();
  });

  beforeEach(async () => {
    await kubeRequest(cluster, 'DELETE', policiesPath);
    for (const policy of [oldAllowPayments, checkoutEgress]) {
      await kubeRequest(cluster, 'POST', policiesPath, policy);
    }
  });

  it('would notice a swap without a guard: deleting the old policy first opens payments to pods neither policy admits', () => {
    expect(unreviewedFlows([checkoutEgress])).toContain('search -> payments');
  });

  const crashes = Array.from({ length: STEPS }, (_, step) =>
    (
      [
        'after its start is recorded',
        'after it ran, before its end is recorded',
        'after its end is recorded',
      ] as const
    ).map(moment => ({ step, number: step + 1, moment })),
  ).flat();

  it.each(crashes)(
    'resumes after a crash at step $number ($moment): the cluster ends with the new sealed policy, and no state on the way allows an unreviewed flow',
    async ({ step, moment }) => {
      const store = new InMemoryRolloutProgress();
      const observed: NetworkPolicy[][] = [];

      await expect(
        new RolloutExecutor({ kubeConfig: rolloutKubeConfig(cluster) }).execute(
          rollout,
          crashingProgress(store, cluster, observed, {
            phase: 'rollout',
            step,
            moment,
          }),
        ),
      ).rejects.toThrow(Crash);
      const outcome = await new RolloutExecutor({
        kubeConfig: rolloutKubeConfig(cluster),
      }).execute(rollout, crashingProgress(store, cluster, observed));

      expect(outcome).toEqual({ status: 'completed' });
      const live = await livePolicies(cluster);
      observed.push(live);
      const allowPayments = live.find(
        policy => policy.metadata.name === 'allow-payments',
      );
      expect(allowPayments && computeSeal(allowPayments)).toBe(
        replaceAllowPayments.newSeal,
      );
      expect(
        live.filter(policy => policy.metadata.labels?.[GUARD_LABEL]),
      ).toEqual([]);
      for (const state of observed) {
        expect(unreviewedFlows(state)).toEqual([]);
      }
    },
  );

  it.each(
    Array.from({ length: STEPS }, (_, step) => ({ step, number: step + 1 })),
  )(
    'resumes a rollback after a crash at its step $number, after the step ran: the old sealed policy is back and the outcome names the failed check',
    async ({ step }) => {
      const store = new InMemoryRolloutProgress();
      // A controller rewrites the new policy as soon as it is created, so verify fails.
      const rewriting: RolloutProgress = {
        ...crashingProgress(store, cluster, []),
        async finished(phase, index) {
          if (phase === 'rollback' && index === step) {
            throw new Crash(`crash at rollback step ${step + 1}`);
          }
          await store.finished(phase, index);
          if (phase === 'rollout' && index === 2) {
            await kubeRequest(
              cluster,
              'PATCH',
              `${policiesPath}/allow-payments`,
              { spec: { ingress: [{ ports: [{ port: 8080 }] }] } },
            );
          }
        },
      };

      await expect(
        new RolloutExecutor({ kubeConfig: rolloutKubeConfig(cluster) }).execute(
          rollout,
          rewriting,
        ),
      ).rejects.toThrow(Crash);
      const outcome = await new RolloutExecutor({
        kubeConfig: rolloutKubeConfig(cluster),
      }).execute(rollout, store);

      expect(outcome).toEqual({
        status: 'rolled-back',
        reason: expect.stringContaining(
          'verify shop/allow-payments: the live policy',
        ),
      });
      const live = await livePolicies(cluster);
      expect(
        live.map(policy => `${policy.metadata.name} ${computeSeal(policy)}`),
      ).toEqual([
        `allow-payments ${computeSeal(oldAllowPayments)}`,
        `checkout-egress ${computeSeal(checkoutEgress)}`,
      ]);
    },
  );
});
