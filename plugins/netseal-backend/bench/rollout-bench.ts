/*
 * Rollout benchmark: a Kubernetes API test server over HTTPS on 127.0.0.1, with realistic
 * API latency (10 ms plus up to 10 ms of seeded jitter per request), namespace shop with
 * one pod of each of four apps, and four kinds of request rolled out by the
 * RolloutExecutor with the fail-closed strategy. For each kind it prints:
 *
 * - the duration of one rollout (p50 and max over the timed runs);
 * - the Kubernetes API requests one rollout makes;
 * - the exposure: the most flows any state observed during a rollout allowed that
 *   neither the old nor the new policies allow (the target is 0). States are observed
 *   before and after every step, in a separate run so that observing costs no time.
 *   Beside it, what the same swap would expose without guards (old policies deleted,
 *   new ones not yet created), to show what the guards prevent.
 *
 *   yarn workspace @netseal/backstage-plugin-netseal-backend bench:rollout
 *   NETSEAL_BENCH_ROLLOUTS=5 ...   # fewer timed runs per kind (default 10, at most 100)
 */
import {
  computeSeal,
  NetworkPolicy,
  RolloutChange,
} from '@netseal/backstage-plugin-netseal-common';
import { kubeRequest } from '../src/clusters/__testUtils__/testClusters';
import {
  InMemoryRolloutProgress,
  RolloutExecutor,
  RolloutProgress,
} from '../src/rollout';
import {
  allowedFlows,
  livePolicies,
  rolloutKubeConfig,
  sealedPolicy,
  startRolloutCluster,
} from '../src/rollout/__testUtils__/rolloutCluster';

const RUNS = Math.min(Number(process.env.NETSEAL_BENCH_ROLLOUTS ?? 10), 100);
const LATENCY_MS = 10;
const JITTER_MS = 10;
const policiesPath =
  '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies';

const from = (app: string) => ({ podSelector: { matchLabels: { app } } });
const ingressFrom = (name: string, target: string, peer: string) =>
  sealedPolicy(name, {
    podSelector: { matchLabels: { app: target } },
    ingress: [{ from: [from(peer)], ports: [{ port: 8080 }] }],
  });
const egressTo = (name: string, source: string, peer: string) =>
  sealedPolicy(name, {
    podSelector: { matchLabels: { app: source } },
    policyTypes: ['Egress'],
    egress: [{ to: [from(peer)] }],
  });

function change(
  op: RolloutChange['op'],
  oldPolicy: NetworkPolicy | undefined,
  newPolicy: NetworkPolicy | undefined,
): RolloutChange {
  const name = (oldPolicy ?? newPolicy)!.metadata.name!;
  return {
    op,
    cluster: 'shop-eu',
    namespace: 'shop',
    name,
    ...(oldPolicy ? { oldPolicy } : {}),
    ...(newPolicy ? { newPolicy, newSeal: computeSeal(newPolicy) } : {}),
  };
}

interface Scenario {
  name: string;
  /** The namespace's policies before the rollout. */
  before: NetworkPolicy[];
  changes: RolloutChange[];
}

const checkoutEgress = egressTo('checkout-egress', 'checkout', 'payments');
const scenarios: Scenario[] = [
  {
    name: 'replace one policy',
    before: [
      ingressFrom('allow-payments', 'payments', 'checkout'),
      checkoutEgress,
    ],
    changes: [
      change(
        'replace',
        ingressFrom('allow-payments', 'payments', 'checkout'),
        ingressFrom('allow-payments', 'payments', 'billing'),
      ),
    ],
  },
  {
    name: 'add one policy',
    before: [checkoutEgress],
    changes: [
      change(
        'add',
        undefined,
        ingressFrom('allow-search', 'search', 'checkout'),
      ),
    ],
  },
  {
    name: 'remove one policy',
    before: [
      ingressFrom('allow-payments', 'payments', 'checkout'),
      checkoutEgress,
    ],
    changes: [
      change(
        'remove',
        ingressFrom('allow-payments', 'payments', 'checkout'),
        undefined,
      ),
    ],
  },
  {
    name: 'replace three policies (ingress and egress)',
    before: [
      ingressFrom('allow-payments', 'payments', 'checkout'),
      ingressFrom('allow-search', 'search', 'checkout'),
      checkoutEgress,
    ],
    changes: [
      change(
        'replace',
        ingressFrom('allow-payments', 'payments', 'checkout'),
        ingressFrom('allow-payments', 'payments', 'billing'),
      ),
      change(
        'replace',
        ingressFrom('allow-search', 'search', 'checkout'),
        ingressFrom('allow-search', 'search', 'billing'),
      ),
      change(
        'replace',
        checkoutEgress,
        egressTo('checkout-egress', 'checkout', 'search'),
      ),
    ],
  },
];

function after(scenario: Scenario): NetworkPolicy[] {
  const changed = new Set(scenario.changes.map(c => c.name));
  return [
    ...scenario.before.filter(p => !changed.has(p.metadata.name!)),
    ...scenario.changes.flatMap(c => (c.newPolicy ? [c.newPolicy] : [])),
  ];
}

async function main() {
  const cluster = await startRolloutCluster([]);
  cluster.server.faults.set({
    latencyMs: LATENCY_MS,
    jitterMs: JITTER_MS,
    seed: 7,
  });
  const reset = async (policies: NetworkPolicy[]) => {
    await kubeRequest(cluster, 'DELETE', policiesPath);
    for (const policy of policies) {
      await kubeRequest(cluster, 'POST', policiesPath, policy);
    }
  };
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  console.log(
    `rollouts against the Kubernetes API test server, ${LATENCY_MS} ms + up to ${JITTER_MS} ms per API request; ${RUNS} timed runs per kind`,
  );
  try {
    for (const scenario of scenarios) {
      const durations: number[] = [];
      const requests = new Set<number>();
      for (let run = 0; run < RUNS; run++) {
        await reset(scenario.before);
        const executor = new RolloutExecutor({
          kubeConfig: rolloutKubeConfig(cluster),
        });
        const started = performance.now();
        const outcome = await executor.execute(
          {
            requestId: `t${run}`,
            cluster: 'shop-eu',
            changes: scenario.changes,
          },
          new InMemoryRolloutProgress(),
        );
        durations.push(performance.now() - started);
        requests.add(executor.requestCount);
        if (outcome.status !== 'completed') {
          throw new Error(`${scenario.name} ended ${JSON.stringify(outcome)}`);
        }
      }

      // Exposure, from a run that lists the namespace before and after every step.
      await reset(scenario.before);
      const reviewed = new Set([
        ...allowedFlows(scenario.before),
        ...allowedFlows(after(scenario)),
      ]);
      let exposure = 0;
      let states = 0;
      const observe = async () => {
        const state = await livePolicies(cluster);
        states += 1;
        const unreviewed = [...allowedFlows(state)].filter(
          f => !reviewed.has(f),
        );
        exposure = Math.max(exposure, unreviewed.length);
      };
      const inner = new InMemoryRolloutProgress();
      const observing: RolloutProgress = {
        resumeFrom: () => inner.resumeFrom(),
        started: async (phase, step) => {
          await observe();
          await inner.started(phase, step);
        },
        finished: async (phase, step) => {
          await observe();
          await inner.finished(phase, step);
        },
        failed: (phase, step, error) => inner.failed(phase, step, error),
        rollbackStarted: (reason, notCreated) =>
          inner.rollbackStarted(reason, notCreated),
        ended: async outcome => {
          await observe();
          await inner.ended(outcome);
        },
      };
      await new RolloutExecutor({
        kubeConfig: rolloutKubeConfig(cluster),
      }).execute(
        {
          requestId: 'observed',
          cluster: 'shop-eu',
          changes: scenario.changes,
        },
        observing,
      );

      // For comparison: the same swap without guards, old policies deleted first.
      const changed = new Set(scenario.changes.map(c => c.name));
      const unguarded = scenario.before.filter(
        p => !changed.has(p.metadata.name!),
      );
      const unguardedExposure = [...allowedFlows(unguarded)].filter(
        f => !reviewed.has(f),
      ).length;

      const sorted = [...durations].sort((a, b) => a - b);
      console.log(
        `${scenario.name}: duration p50 ${ms(
          sorted[Math.floor(sorted.length / 2)],
        )}, max ${ms(sorted[sorted.length - 1])}; API requests ${[
          ...requests,
        ].join(
          ', ',
        )}; exposure ${exposure} unreviewed flows over ${states} observed states (without guards: ${unguardedExposure})`,
      );
    }
  } finally {
    await cluster.server.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
