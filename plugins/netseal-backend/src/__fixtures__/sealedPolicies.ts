import {
  computeSeal,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';

/** Checkout may reach payments on 8443: labelled as sealed manifests are, not yet sealed. */
export const allowCheckout: NetworkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: {
    name: 'allow-checkout',
    namespace: 'shop',
    labels: { 'netseal.io/sealed': 'true' },
  },
  spec: {
    podSelector: { matchLabels: { app: 'payments' } },
    ingress: [
      {
        from: [{ podSelector: { matchLabels: { app: 'checkout' } } }],
        ports: [{ port: 8443 }],
      },
    ],
  },
};

/** A copy of the policy with its seal, as `netseal seal` writes it. */
export function sealed(policy: NetworkPolicy): NetworkPolicy {
  const copy = structuredClone(policy);
  copy.metadata.annotations = { 'netseal.io/seal': computeSeal(policy) };
  return copy;
}
