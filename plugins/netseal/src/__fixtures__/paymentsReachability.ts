import type {
  ClusterReachability,
  ServiceReachability,
} from '@netseal/backstage-plugin-netseal-common';

/** Checkout may reach payments on TCP 8443; payments may reach DNS; nothing else. */
export const isolatedPayments: ServiceReachability = {
  pods: 'pods app=payments in namespace shop',
  policies: ['shop/allow-checkout', 'shop/allow-dns'],
  ingress: {
    mode: 'isolated',
    summary:
      'Ingress is isolated: only the peers below may connect; all other traffic is denied.',
    peers: [
      {
        peer: { kind: 'pods', label: 'pods app=checkout in namespace shop' },
        ports: ['TCP 8443'],
        policies: ['shop/allow-checkout'],
      },
    ],
  },
  egress: {
    mode: 'isolated',
    summary:
      'Egress is isolated: the pods may connect only to the peers below; all other traffic is denied.',
    peers: [
      {
        peer: {
          kind: 'pods',
          label:
            'pods k8s-app=kube-dns in namespaces kubernetes.io/metadata.name=kube-system',
        },
        ports: ['UDP 53', 'TCP 53'],
        policies: ['shop/allow-dns'],
      },
    ],
  },
};

/** A debugging policy opened ingress to everyone, and egress is not restricted at all. */
export const openPayments: ServiceReachability = {
  pods: 'pods app=payments in namespace shop',
  policies: ['shop/debug-open'],
  ingress: {
    mode: 'allow-all',
    summary:
      'Ingress allows every peer on every port: shop/debug-open has a rule with no peers and no ports.',
    peers: [
      {
        peer: { kind: 'anywhere', label: 'anywhere' },
        ports: ['all ports and protocols'],
        policies: ['shop/debug-open'],
      },
    ],
  },
  egress: {
    mode: 'not-isolated',
    summary:
      'Egress is not isolated: no policy restricts it, so the pods may connect anywhere.',
    peers: [],
  },
};

export const paymentsReachability: ClusterReachability[] = [
  { cluster: 'prod-eu', reachability: isolatedPayments },
  { cluster: 'prod-us', reachability: openPayments },
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
