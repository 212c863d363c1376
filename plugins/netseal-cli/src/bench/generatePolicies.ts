import { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';

const TEAMS = [
  'payments',
  'checkout',
  'search',
  'identity',
  'ledger',
  'catalog',
  'ingest',
];
const TIERS = ['frontend', 'backend', 'cache', 'database', 'queue'];

/** A small deterministic generator, so every run measures the same policies. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
}

/**
 * A NetworkPolicy of the size policy repositories hold: several ingress and egress rules,
 * pod and namespace selectors with labels and expressions, ipBlocks with excepts, ports
 * with protocols and ranges.
 */
export function generatePolicy(index: number): NetworkPolicy {
  const next = random(index + 1);
  const pick = <T>(items: readonly T[]) =>
    items[Math.floor(next() * items.length)];
  const team = pick(TEAMS);
  const tier = pick(TIERS);
  const app = `${team}-${tier}-${index}`;
  const port = () => 1024 + Math.floor(next() * 60000);
  const network = Math.floor(next() * 250);
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: `allow-${app}`,
      namespace: `${team}-prod`,
      labels: {
        'app.kubernetes.io/name': app,
        'app.kubernetes.io/part-of': team,
        'app.kubernetes.io/component': tier,
        'netseal.io/owner': `team-${team}`,
      },
    },
    spec: {
      podSelector: {
        matchLabels: { 'app.kubernetes.io/name': app },
        matchExpressions: [
          { key: 'track', operator: 'In', values: ['stable', 'canary'] },
        ],
      },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
              },
              podSelector: {
                matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' },
              },
            },
            {
              podSelector: {
                matchLabels: { 'app.kubernetes.io/part-of': team },
              },
            },
          ],
          ports: [
            { protocol: 'TCP', port: 8080 },
            { protocol: 'TCP', port: 8443 },
          ],
        },
        {
          from: [
            {
              namespaceSelector: {
                matchExpressions: [
                  {
                    key: 'environment',
                    operator: 'NotIn',
                    values: ['dev', 'test'],
                  },
                ],
              },
            },
          ],
          ports: [{ protocol: 'TCP', port: 9090 }],
        },
        {
          from: [
            {
              ipBlock: {
                cidr: `10.${network}.0.0/16`,
                except: [`10.${network}.1.0/24`, `10.${network}.2.0/24`],
              },
            },
          ],
          ports: [{ protocol: 'TCP', port: port(), endPort: 65000 }],
        },
      ],
      egress: [
        {
          to: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
              },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
        {
          to: [
            {
              podSelector: {
                matchLabels: { 'app.kubernetes.io/name': `${team}-database` },
              },
            },
          ],
          ports: [{ protocol: 'TCP', port: 5432 }],
        },
        {
          to: [
            {
              ipBlock: {
                cidr: '0.0.0.0/0',
                except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'],
              },
            },
          ],
          ports: [{ protocol: 'TCP', port: 443 }],
        },
      ],
    },
  };
}

export function generatePolicies(count: number): NetworkPolicy[] {
  return Array.from({ length: count }, (_, index) => generatePolicy(index));
}
