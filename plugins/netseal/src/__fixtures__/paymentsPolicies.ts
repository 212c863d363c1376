import {
  diffCanonicalPolicies,
  EntityPolicies,
  NetworkPolicy,
  PolicyDetail,
  PolicyStatus,
  StatusTransition,
  countByStatus,
  worstStatus,
} from '@netseal/backstage-plugin-netseal-common';
import { PAYMENTS_REF } from './paymentsEntity';

export const SEAL =
  'sha256:3f9a1c0be2d4a5b6c7d8e9f00112233445566778899aabbccddeeff00112233';

/** Checkout may call the payments API on TCP 8443: the policy as sealed in Git. */
export const sealedAllowCheckout: NetworkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: {
    name: 'allow-checkout',
    namespace: 'shop',
    labels: { 'netseal.io/sealed': 'true' },
    annotations: { 'netseal.io/seal': SEAL },
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

/** The same policy as the cluster holds it after someone edited the port in place. */
export const liveAllowCheckout: NetworkPolicy = {
  ...sealedAllowCheckout,
  metadata: {
    ...sealedAllowCheckout.metadata,
    uid: '0b6c1a52-0000-4000-8000-000000000000',
    resourceVersion: '2071',
    managedFields: [{ manager: 'kubectl-edit', operation: 'Update' }],
  },
  spec: {
    podSelector: { matchLabels: { app: 'payments' } },
    policyTypes: ['Ingress'],
    ingress: [
      {
        from: [{ podSelector: { matchLabels: { app: 'checkout' } } }],
        ports: [{ protocol: 'TCP', port: 9443 }],
      },
    ],
  },
};

const checked = {
  checkedAt: '2026-11-26T10:00:00.000Z',
  statusChangedAt: '2026-11-26T09:00:00.000Z',
};

export const driftedPolicy: PolicyStatus = {
  cluster: 'prod-us',
  namespace: 'shop',
  name: 'allow-checkout',
  status: 'drifted',
  seal: SEAL,
  liveDigest:
    'sha256:99aa1c0be2d4a5b6c7d8e9f00112233445566778899aabbccddeeff00112233',
  source: { file: 'prod-us/allow-checkout.yaml', line: 1 },
  reason: 'live object differs from its seal at spec.ingress[0].ports[0].port',
  differences: diffCanonicalPolicies(sealedAllowCheckout, liveAllowCheckout),
  ...checked,
};

export const inSyncPolicy: PolicyStatus = {
  cluster: 'prod-eu',
  namespace: 'shop',
  name: 'allow-checkout',
  status: 'in-sync',
  seal: SEAL,
  liveDigest: SEAL,
  source: { file: 'prod-eu/allow-checkout.yaml', line: 1 },
  differences: [],
  ...checked,
};

export const unknownPolicy: PolicyStatus = {
  cluster: 'prod-ap',
  namespace: 'shop',
  name: 'deny-all',
  status: 'unknown',
  seal: SEAL,
  source: { file: 'prod-ap/deny-all.yaml', line: 1 },
  reason: 'cluster prod-ap unreachable: connection refused',
  differences: [],
  ...checked,
};

export const liveOnlyPolicy: PolicyStatus = {
  cluster: 'prod-eu',
  namespace: 'shop',
  name: 'debug-open',
  status: 'unsealed',
  reason: 'exists only in cluster prod-eu, not in the policy source',
  differences: [],
  ...checked,
};

export const unsealedInGitPolicy: PolicyStatus = {
  cluster: 'prod-eu',
  namespace: 'shop',
  name: 'allow-metrics',
  status: 'unsealed',
  source: { file: 'prod-eu/allow-metrics.yaml', line: 12 },
  reason: 'no netseal.io/seal annotation; run netseal seal',
  differences: [],
  ...checked,
};

export const missingPolicy: PolicyStatus = {
  cluster: 'prod-eu',
  namespace: 'shop',
  name: 'allow-dns',
  status: 'missing',
  seal: SEAL,
  source: { file: 'prod-eu/allow-dns.yaml', line: 1 },
  reason: 'sealed in the policy source but absent from cluster prod-eu',
  differences: [],
  ...checked,
};

/** The entity's policies, deliberately not in status order. */
export function paymentsPolicies(
  items: PolicyStatus[] = [
    inSyncPolicy,
    liveOnlyPolicy,
    driftedPolicy,
    unknownPolicy,
    missingPolicy,
    unsealedInGitPolicy,
  ],
): EntityPolicies {
  const counts = countByStatus(items);
  const worst = worstStatus(counts);
  return {
    entityRef: PAYMENTS_REF,
    policySource: 'dir:./demo/policies/payments',
    counts: { ...counts },
    ...(worst ? { worstStatus: worst } : {}),
    items,
  };
}

export const driftedDetail: PolicyDetail = {
  ...driftedPolicy,
  sealedManifest: { ...sealedAllowCheckout },
  liveManifest: { ...liveAllowCheckout },
};

export const driftedHistory: StatusTransition[] = [
  {
    id: 2,
    entityRef: PAYMENTS_REF,
    cluster: 'prod-us',
    namespace: 'shop',
    name: 'allow-checkout',
    from: 'in-sync',
    to: 'drifted',
    reason: 'live object differs from its seal',
    occurredAt: '2026-11-26T09:00:00.000Z',
  },
  {
    id: 1,
    entityRef: PAYMENTS_REF,
    cluster: 'prod-us',
    namespace: 'shop',
    name: 'allow-checkout',
    to: 'in-sync',
    occurredAt: '2026-11-20T09:00:00.000Z',
  },
];
