import {
  ClusterReachability,
  describeServiceReachability,
  NetworkPolicy,
  ServiceReachability,
} from '@netseal/backstage-plugin-netseal-common';
import { sealedAllowCheckout } from './paymentsPolicies';

const PODS = 'pods app=payments in namespace shop';

/** Payments may reach DNS in kube-system, and nothing else. */
const allowDns: NetworkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'allow-dns', namespace: 'shop' },
  spec: {
    podSelector: { matchLabels: { app: 'payments' } },
    policyTypes: ['Egress'],
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
    ],
  },
};

/** A debugging policy that opens ingress to everyone, as someone left it. */
const debugOpen: NetworkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'debug-open', namespace: 'shop' },
  spec: {
    podSelector: { matchLabels: { app: 'payments' } },
    ingress: [{}],
  },
};

/** Checkout may reach payments on TCP 8443; payments may reach DNS; nothing else. */
export const isolatedPayments: ServiceReachability =
  describeServiceReachability({
    policies: [sealedAllowCheckout, allowDns],
    pods: PODS,
  });

/** Ingress open to everyone through debug-open; egress not restricted at all. */
export const openPayments: ServiceReachability = describeServiceReachability({
  policies: [debugOpen],
  pods: PODS,
});

export const paymentsReachability: ClusterReachability[] = [
  { cluster: 'prod-eu', mode: 'live', reachability: isolatedPayments },
  { cluster: 'prod-us', mode: 'live', reachability: openPayments },
];

/** A service whose ingress admits `count` peers, for layout limits. */
export function manyPeers(count: number): ServiceReachability {
  return {
    ...isolatedPayments,
    ingress: {
      ...isolatedPayments.ingress,
      peers: Array.from({ length: count }, (_, index) => ({
        peer: {
          kind: 'pods' as const,
          label: `pods app=client-${index} in namespaces team=team-with-a-long-name-${index}`,
        },
        ports: [`TCP ${8000 + index}`, 'UDP 53', 'TCP 9000-9100'],
        policies: [`shop/allow-client-${index}`],
      })),
    },
  };
}
