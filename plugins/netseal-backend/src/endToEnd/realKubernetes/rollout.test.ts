import {
  buildGuardManifests,
  ClusterPod,
  computeSeal,
  GUARD_LABEL,
  NetworkPolicy,
  planRollout,
  RolloutChange,
} from '@netseal/backstage-plugin-netseal-common';
import {
  REAL_KUBERNETES_START_TIMEOUT_MS,
  RealKubernetes,
  seedRealKubernetes,
  startRealKubernetes,
} from '@netseal/real-kubernetes';
import { applyGuardObject } from '../../guard/applyGuardObject';
import { waitFor } from '../../clusters/__testUtils__/waitFor';
import {
  InMemoryRolloutProgress,
  RolloutPhase,
  RolloutProgress,
} from '../../database/RolloutProgress';
import { RolloutExecutor } from '../../rollout/RolloutExecutor';
import {
  checkoutEgress,
  newAllowPayments,
  oldAllowPayments,
  replaceAllowPayments,
  RolloutWorld,
  rolloutClusterSeed,
  sealedPolicy,
  unreviewedFlows,
} from '../../rollout/__testUtils__/rolloutCluster';
import {
  policiesPathOf,
  realPolicies,
  realRequest,
  realWrite,
} from './__testUtils__/realCluster';

// Bounds for a loaded CI machine and a real control plane, not expectations of speed.
jest.setTimeout(180_000);

/** New: only billing may reach search, which no policy selected before. */
const allowSearch = sealedPolicy('allow-search', {
  podSelector: { matchLabels: { app: 'search' } },
  ingress: [
    {
      from: [{ podSelector: { matchLabels: { app: 'billing' } } }],
      ports: [{ port: 8080 }],
    },
  ],
});

interface Scenario {
  op: RolloutChange['op'];
  /** The op with its article, for test names. */
  title: string;
  change: RolloutChange;
  before: NetworkPolicy[];
  after: NetworkPolicy[];
}

const scenarios: Scenario[] = [
  {
    op: 'replace',
    title: 'a replace',
    change: replaceAllowPayments,
    before: [oldAllowPayments, checkoutEgress],
    after: [newAllowPayments, checkoutEgress],
  },
  {
    op: 'add',
    title: 'an add',
    change: {
      op: 'add',
      cluster: 'shop-eu',
      namespace: 'shop',
      name: 'allow-search',
      newPolicy: allowSearch,
      newSeal: computeSeal(allowSearch),
    },
    before: [oldAllowPayments, checkoutEgress],
    after: [oldAllowPayments, allowSearch, checkoutEgress],
  },
  {
    op: 'remove',
    title: 'a remove',
    change: {
      op: 'remove',
      cluster: 'shop-eu',
      namespace: 'shop',
      name: 'checkout-egress',
      oldPolicy: checkoutEgress,
    },
    before: [oldAllowPayments, checkoutEgress],
    after: [oldAllowPayments],
  },
];

const rolloutOf = (scenario: Scenario) => ({
  requestId: `real-${scenario.op}`,
  cluster: 'shop-eu',
  changes: [scenario.change],
});

const stepsOf = (scenario: Scenario) =>
  planRollout(rolloutOf(scenario).requestId, [scenario.change])[0].steps;

/** When the backend dies, relative to one step. */
type CrashMoment =
  | 'after its start is recorded'
  | 'after it ran, before its end is recorded'
  | 'after its end is recorded';

const MOMENTS: CrashMoment[] = [
  'after its start is recorded',
  'after it ran, before its end is recorded',
  'after its end is recorded',
];

class Crash extends Error {}

/** What the real server holds in namespace shop at one moment. */
interface ObservedState {
  when: string;
  policies: NetworkPolicy[];
  world: RolloutWorld;
}

/**
 * The exposure check on a real server, for every rollout kind and every crash point: the
 * executor runs as `netseal-rollout` (RBAC: NetworkPolicies only) with Netseal's admission
 * guard bound cluster wide, so it owns a control plane of its own.
 */
describe('RolloutExecutor on a real API server with the guard installed', () => {
  let real: RealKubernetes;

  beforeAll(async () => {
    real = await startRealKubernetes({ dedicated: true });
    await seedRealKubernetes(
      real.kubeConfig(),
      rolloutClusterSeed([])
        .map(object => JSON.stringify(object))
        .join('\n---\n'),
    );
    for (const manifest of buildGuardManifests({
      rolloutUser: 'netseal-rollout',
      deleteExceptions: [],
    })) {
      await applyGuardObject(real.kubeConfig('admin'), manifest);
    }
    // The server loads a new binding a moment after it is stored; a dry run tells when.
    await waitFor(
      async () =>
        (
          await realRequest(
            real,
            'admin',
            'POST',
            `${policiesPathOf('shop')}?dryRun=All`,
            oldAllowPayments,
          )
        ).status === 403,
      'the guard to refuse the admin a sealed policy',
      { timeoutMs: 60_000 },
    );
  }, REAL_KUBERNETES_START_TIMEOUT_MS);

  afterAll(async () => {
    await real?.stop();
  });

  /** The policies, pods and namespace as the real server lists them now. */
  async function observe(when: string): Promise<ObservedState> {
    const [policies, pods, namespace] = await Promise.all([
      realPolicies(real, 'shop'),
      realRequest(real, 'admin', 'GET', '/api/v1/namespaces/shop/pods'),
      realRequest(real, 'admin', 'GET', '/api/v1/namespaces/shop'),
    ]);
    const items = (pods.body.items ?? []) as unknown as {
      metadata: { name: string; labels?: Record<string, string> };
      status?: { podIPs?: { ip: string }[] };
    }[];
    return {
      when,
      policies,
      world: {
        namespaces: [
          {
            name: 'shop',
            labels: (namespace.body.metadata?.labels ?? {}) as Record<
              string,
              string
            >,
          },
        ],
        pods: items.map(
          (pod): ClusterPod => ({
            namespace: 'shop',
            name: pod.metadata.name,
            labels: pod.metadata.labels,
            ips: (pod.status?.podIPs ?? []).map(({ ip }) => ip),
          }),
        ),
      },
    };
  }

  /**
   * Progress persisted in `store`, that lists the real server's state at every record and,
   * when told, dies at the given moment of the given step.
   */
  function crashingProgress(
    store: RolloutProgress,
    observed: ObservedState[],
    crash?: { step: number; moment: CrashMoment },
  ): RolloutProgress {
    const at = (phase: RolloutPhase, step: number, moment: CrashMoment) => {
      if (
        crash &&
        phase === 'rollout' &&
        crash.step === step &&
        crash.moment === moment
      ) {
        throw new Crash(`crash at step ${step + 1}, ${moment}`);
      }
    };
    return {
      resumeFrom: () => store.resumeFrom(),
      async started(phase, step) {
        observed.push(await observe(`before ${phase} step ${step + 1}`));
        await store.started(phase, step);
        at(phase, step, 'after its start is recorded');
      },
      async finished(phase, step) {
        observed.push(await observe(`after ${phase} step ${step + 1}`));
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

  /** Namespace shop holds exactly `policies`, created by the rollout identity. */
  async function reset(policies: NetworkPolicy[]) {
    await realWrite(real, 'rollout', 'DELETE', policiesPathOf('shop'));
    await waitFor(
      async () => (await realPolicies(real, 'shop')).length === 0,
      'namespace shop to hold no policy',
    );
    for (const policy of policies) {
      await realWrite(real, 'rollout', 'POST', policiesPathOf('shop'), policy);
    }
  }

  const sealsOf = (policies: NetworkPolicy[]) =>
    policies.map(policy => `${policy.metadata.name} ${computeSeal(policy)}`);

  /** The live state is the target, no guard is left, and no observed state exposed a flow. */
  async function expectConverged(
    scenario: Scenario,
    observed: ObservedState[],
  ) {
    const final = await observe('at the end');
    observed.push(final);
    expect(sealsOf(final.policies)).toEqual(sealsOf(scenario.after));
    expect(
      final.policies.filter(policy => policy.metadata.labels?.[GUARD_LABEL]),
    ).toEqual([]);
    // Every pod was listed with its address, so the check judged real pods.
    expect(
      Object.fromEntries(final.world.pods.map(pod => [pod.name, pod.ips])),
    ).toEqual({
      'payments-0': ['10.0.0.10'],
      'checkout-0': ['10.0.0.11'],
      'billing-0': ['10.0.0.12'],
      'search-0': ['10.0.0.13'],
    });
    const exposed = observed
      .map(state => ({
        when: state.when,
        flows: unreviewedFlows(
          state.policies,
          [scenario.before, scenario.after],
          state.world,
        ),
      }))
      .filter(state => state.flows.length > 0);
    expect(exposed).toEqual([]);
  }

  it('would notice a swap without a guard: with the old allow-payments deleted first, the real server lets search reach payments, which neither policy set admits', async () => {
    await reset([checkoutEgress]);
    const state = await observe('without allow-payments');
    expect(
      unreviewedFlows(
        state.policies,
        [scenarios[0].before, scenarios[0].after],
        state.world,
      ),
    ).toContain('search -> payments');
  });

  it.each(scenarios)(
    'runs $title to completion as netseal-rollout under the guard, with the exposure check passing after every step',
    async scenario => {
      await reset(scenario.before);
      const observed: ObservedState[] = [];
      const outcome = await new RolloutExecutor({
        kubeConfig: real.kubeConfig('rollout'),
      }).execute(
        rolloutOf(scenario),
        crashingProgress(new InMemoryRolloutProgress(), observed),
      );
      expect(outcome).toEqual({ status: 'completed' });
      // One state before and one after each step.
      expect(observed).toHaveLength(2 * stepsOf(scenario).length);
      await expectConverged(scenario, observed);
    },
  );

  const crashes = scenarios.flatMap(scenario =>
    stepsOf(scenario).flatMap((step, index) =>
      MOMENTS.map(moment => ({
        scenario,
        title: scenario.title,
        step: index,
        number: index + 1,
        kind: step.kind,
        moment,
      })),
    ),
  );

  it.each(crashes)(
    '$title that crashes at step $number ($kind, $moment) and is resumed by a fresh executor converges on the target with no guard left and no unreviewed flow on the way',
    async ({ scenario, step, moment }) => {
      await reset(scenario.before);
      const store = new InMemoryRolloutProgress();
      const observed: ObservedState[] = [];

      await expect(
        new RolloutExecutor({ kubeConfig: real.kubeConfig('rollout') }).execute(
          rolloutOf(scenario),
          crashingProgress(store, observed, { step, moment }),
        ),
      ).rejects.toThrow(Crash);
      const outcome = await new RolloutExecutor({
        kubeConfig: real.kubeConfig('rollout'),
      }).execute(rolloutOf(scenario), crashingProgress(store, observed));

      expect(outcome).toEqual({ status: 'completed' });
      await expectConverged(scenario, observed);
    },
  );
});
