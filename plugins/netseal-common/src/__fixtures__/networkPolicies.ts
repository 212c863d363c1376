import type { NetworkPolicy } from '../types';

/** The smallest valid policy: isolates every pod of `shop` from all ingress. */
export const denyAllIngress: NetworkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'deny-all-ingress', namespace: 'shop' },
  spec: { podSelector: {} },
};

/** A realistic policy that uses every part of the schema. */
export const checkoutApi: NetworkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: {
    name: 'checkout-api',
    namespace: 'shop',
    labels: {
      'app.kubernetes.io/name': 'checkout',
      'netseal.io/sealed': 'true',
    },
  },
  spec: {
    podSelector: { matchLabels: { app: 'checkout' } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      {
        from: [
          { podSelector: { matchLabels: { app: 'storefront' } } },
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
        ports: [{ protocol: 'TCP', port: 9000, endPort: 9100 }],
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
