/*
 * Rollout benchmark: one Kubernetes API test server over HTTPS (127.0.0.1), one namespace
 * with one sealed policy, replaced back and forth by the RolloutExecutor a bounded number
 * of times. Prints the duration of one replace (p50, max) and the API requests it made.
 *
 *   yarn workspace @netseal/backstage-plugin-netseal-backend bench:rollout
 *   NETSEAL_BENCH_ROLLOUTS=5 ...   # a shorter run
 */
import {
  computeSeal,
  NetworkPolicy,
  RolloutChange,
} from '@netseal/backstage-plugin-netseal-common';
import { startKubeApiTestServer } from '@netseal/kube-api-test-server';
import { createKubeConfig } from '../src/clusters/createKubeConfig';
import { InMemoryRolloutProgress, RolloutExecutor } from '../src/rollout';

const ROLLOUTS = Math.min(
  Number(process.env.NETSEAL_BENCH_ROLLOUTS ?? 20),
  200,
);

function policy(app: string): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: 'allow-payments',
      namespace: 'shop',
      labels: { 'netseal.io/sealed': 'true' },
    },
    spec: {
      podSelector: { matchLabels: { app: 'payments' } },
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { app } } }],
          ports: [{ port: 8080 }],
        },
      ],
    },
  };
}

async function main() {
  const server = await startKubeApiTestServer({
    port: 0,
    tokens: {
      rollout: {
        token: 'bench-rollout',
        username: 'netseal-rollout',
        access: 'read',
        resources: { 'networkpolicies.networking.k8s.io': 'write' },
      },
    },
    seed: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      JSON.parse(JSON.stringify(policy('checkout'))),
    ],
  });
  const details = {
    name: 'bench',
    url: server.url,
    caData: server.caData,
    auth: { kind: 'token' as const, token: 'bench-rollout' },
  };
  const durations: number[] = [];
  const requests: number[] = [];
  try {
    for (let i = 0; i < ROLLOUTS; i++) {
      const [from, to] =
        i % 2 === 0 ? ['checkout', 'billing'] : ['billing', 'checkout'];
      const change: RolloutChange = {
        op: 'replace',
        cluster: 'bench',
        namespace: 'shop',
        name: 'allow-payments',
        oldPolicy: policy(from),
        newPolicy: policy(to),
        newSeal: computeSeal(policy(to)),
      };
      const executor = new RolloutExecutor({
        kubeConfig: createKubeConfig(details),
      });
      const started = performance.now();
      const outcome = await executor.execute(
        { requestId: String(i), cluster: 'bench', changes: [change] },
        new InMemoryRolloutProgress(),
      );
      durations.push(performance.now() - started);
      requests.push(executor.requestCount);
      if (outcome.status !== 'completed') {
        throw new Error(`rollout ${i} ended ${JSON.stringify(outcome)}`);
      }
    }
  } finally {
    await server.stop();
  }
  const sorted = [...durations].sort((a, b) => a - b);
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(`rollouts of one replace: ${ROLLOUTS}`);
  console.log(
    `duration: first ${ms(durations[0])}, p50 ${ms(
      sorted[Math.floor(sorted.length / 2)],
    )}, max ${ms(sorted[sorted.length - 1])}`,
  );
  console.log(`API requests per rollout: ${[...new Set(requests)].join(', ')}`);
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
