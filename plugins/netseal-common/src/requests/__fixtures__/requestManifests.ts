import { SEAL_ANNOTATION, SEALED_LABEL } from '../../constants';
import { computeSeal } from '../../seal/computeSeal';
import type { NetworkPolicy } from '../../types';
import type { RequestContext } from '../RequestChange';

/** The payments API's policy as a requester writes it: commented, no label, no seal. */
export const allowFrontendText = `# Lets the storefront reach the payments API.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-frontend
  namespace: payments
spec:
  podSelector:
    matchLabels:
      app: payments-api # the API pods only
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: storefront
      ports:
        - port: 8080
`;

const unsealed: NetworkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: {
    name: 'allow-frontend',
    namespace: 'payments',
    labels: { [SEALED_LABEL]: 'true' },
  },
  spec: {
    podSelector: { matchLabels: { app: 'payments-api' } },
    ingress: [
      {
        from: [{ podSelector: { matchLabels: { app: 'storefront' } } }],
        ports: [{ port: 8080 }],
      },
    ],
  },
};

/** The same policy as it is sealed in Git today. */
export const sealedAllowFrontend: NetworkPolicy = {
  ...unsealed,
  metadata: {
    ...unsealed.metadata,
    annotations: { [SEAL_ANNOTATION]: computeSeal(unsealed) },
  },
};

/** The payments service: two clusters, one namespace, one sealed policy in prod. */
export const paymentsContext: RequestContext = {
  clusters: ['prod', 'staging'],
  namespaces: ['payments'],
  existing: [
    {
      cluster: 'prod',
      namespace: 'payments',
      name: 'allow-frontend',
      manifest: sealedAllowFrontend,
    },
  ],
};
