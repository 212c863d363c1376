import { SEAL_ANNOTATION, SEALED_LABEL } from '../../constants';
import { computeSeal } from '../../seal/computeSeal';
import type { NetworkPolicy } from '../../types';
import type { LivePod, SealedManifest } from '../ServiceDriftInput';

/** What `netseal seal` writes: the sealed label, then the seal of the result. */
export function sealed(policy: NetworkPolicy): NetworkPolicy {
  const labelled: NetworkPolicy = {
    ...policy,
    metadata: {
      ...policy.metadata,
      labels: { ...policy.metadata.labels, [SEALED_LABEL]: 'true' },
    },
  };
  return {
    ...labelled,
    metadata: {
      ...labelled.metadata,
      annotations: {
        ...labelled.metadata.annotations,
        [SEAL_ANNOTATION]: computeSeal(labelled),
      },
    },
  };
}

export function manifestAt(
  file: string,
  line: number,
  policy: NetworkPolicy,
): SealedManifest {
  return { kind: 'sealed', file, line, policy };
}

/**
 * A manifest as the API server returns it after `kubectl apply`: defaults written out,
 * runtime metadata and the last-applied annotation added.
 */
export function asLive(manifest: NetworkPolicy, uid = 'e7a1'): NetworkPolicy {
  const live = structuredClone(manifest);
  live.spec.policyTypes = live.spec.policyTypes ?? [
    'Ingress',
    ...((live.spec.egress ?? []).length > 0 ? (['Egress'] as const) : []),
  ];
  for (const rule of [
    ...(live.spec.ingress ?? []),
    ...(live.spec.egress ?? []),
  ]) {
    for (const port of rule.ports ?? []) {
      port.protocol = port.protocol ?? 'TCP';
    }
  }
  Object.assign(live.metadata, {
    uid: `${uid}-0000-4000-8000-000000000000`,
    resourceVersion: '1042',
    generation: 1,
    creationTimestamp: '2026-11-26T09:00:00Z',
    managedFields: [{ manager: 'netseal-rollout', operation: 'Update' }],
    annotations: {
      ...live.metadata.annotations,
      'kubectl.kubernetes.io/last-applied-configuration':
        JSON.stringify(manifest),
    },
  });
  return live;
}

/** The payments service's ingress policy: checkout may call the API on 8080. */
export const allowCheckout: NetworkPolicy = sealed({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'allow-checkout', namespace: 'payments' },
  spec: {
    podSelector: { matchLabels: { app: 'payments-api' } },
    ingress: [
      {
        from: [
          {
            namespaceSelector: {
              matchLabels: { 'kubernetes.io/metadata.name': 'shop' },
            },
            podSelector: { matchLabels: { app: 'checkout' } },
          },
        ],
        ports: [{ port: 8080 }],
      },
    ],
  },
});

/** Every pod of the payments namespace is isolated for ingress. */
export const denyAll: NetworkPolicy = sealed({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'deny-all', namespace: 'payments' },
  spec: { podSelector: {} },
});

export const paymentsPods: LivePod[] = [
  {
    namespace: 'payments',
    name: 'payments-api-7d9f-abcde',
    labels: { app: 'payments-api', 'backstage.io/kubernetes-id': 'payments' },
  },
  {
    namespace: 'payments',
    name: 'payments-worker-5c4b-fghij',
    labels: {
      app: 'payments-worker',
      'backstage.io/kubernetes-id': 'payments',
    },
  },
  {
    namespace: 'payments',
    name: 'ledger-0',
    labels: { app: 'ledger', 'backstage.io/kubernetes-id': 'ledger' },
  },
  {
    namespace: 'shop',
    name: 'checkout-6f8d-klmno',
    labels: { app: 'checkout', 'backstage.io/kubernetes-id': 'checkout' },
  },
];

export const paymentsServicePods = {
  selector: { matchLabels: { 'backstage.io/kubernetes-id': 'payments' } },
};
