/*
 * Prints how long computeSeal takes over 10,000 realistic policies (three ingress rules
 * with a few peers and ports each, one egress rule, labels, runtime metadata). Figures
 * only: machines are shared, so nothing here passes or fails.
 *
 *   yarn workspace @netseal/backstage-plugin-netseal-common bench:seal
 */
import { computeSeal } from '../src/seal/computeSeal';
import type { NetworkPolicy } from '../src/types';

const POLICIES = 10_000;
const ROUNDS = 5;

function realisticPolicy(i: number): NetworkPolicy {
  const team = `team-${i % 40}`;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: `allow-api-${i}`,
      namespace: team,
      labels: {
        'app.kubernetes.io/name': `api-${i}`,
        'app.kubernetes.io/part-of': team,
        'netseal.io/sealed': 'true',
      },
      annotations: {
        'netseal.io/seal': `sha256:${'0'.repeat(64)}`,
        'kubectl.kubernetes.io/last-applied-configuration':
          '{"apiVersion":"networking.k8s.io/v1"}',
      },
      uid: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      resourceVersion: String(100000 + i),
      generation: 1,
      creationTimestamp: '2026-11-26T09:00:00Z',
    },
    spec: {
      podSelector: { matchLabels: { app: `api-${i}` } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [
            { podSelector: { matchLabels: { app: 'frontend', tier: 'web' } } },
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' },
              },
              podSelector: {
                matchExpressions: [
                  {
                    key: 'app',
                    operator: 'In',
                    values: ['prometheus', 'grafana'],
                  },
                ],
              },
            },
          ],
          ports: [{ protocol: 'TCP', port: 8080 }, { port: 'metrics' }],
        },
        {
          from: [
            {
              ipBlock: {
                cidr: '10.0.0.0/8',
                except: ['10.1.0.0/16', '10.2.0.0/16'],
              },
            },
            { ipBlock: { cidr: '2001:db8::/32' } },
          ],
          ports: [{ protocol: 'TCP', port: 443 }],
        },
        {
          from: [{ namespaceSelector: { matchLabels: { team } } }],
          ports: [
            { protocol: 'TCP', port: 9000, endPort: 9100 },
            { protocol: 'UDP', port: 53 },
          ],
        },
      ],
      egress: [
        {
          to: [
            {
              namespaceSelector: {},
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    },
  };
}

const policies = Array.from({ length: POLICIES }, (_, i) => realisticPolicy(i));
for (const policy of policies.slice(0, 500)) {
  computeSeal(policy); // warm-up, so the figures show steady-state speed
}
// Wall time and this process's CPU time: on a shared machine the CPU time is the steadier
// figure, since waiting for a core counts only in the wall time.
const wall: number[] = [];
const cpu: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  for (const policy of policies) {
    computeSeal(policy);
  }
  const cpuUsed = process.cpuUsage(cpuStart);
  wall.push(performance.now() - wallStart);
  cpu.push((cpuUsed.user + cpuUsed.system) / 1000);
}

function summary(label: string, timings: number[]): string {
  const sorted = [...timings].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return (
    `${label} median ${median.toFixed(0)} ms (best ${sorted[0].toFixed(0)}, ` +
    `worst ${sorted[sorted.length - 1].toFixed(0)}), ` +
    `${((median * 1000) / POLICIES).toFixed(1)} µs per policy`
  );
}

process.stdout.write(
  `computeSeal over ${POLICIES} policies, ${ROUNDS} rounds:\n` +
    `  ${summary('wall', wall)}\n` +
    `  ${summary('cpu ', cpu)}\n`,
);
