import type { Entity } from '@backstage/catalog-model';
import { POLICY_SOURCE_ANNOTATION } from '@netseal/backstage-plugin-netseal-common';

/** The demo's payments service, which names its policy source. */
export const paymentsEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: {
      [POLICY_SOURCE_ANNOTATION]: 'dir:./demo/policies/payments',
      'backstage.io/kubernetes-id': 'payments',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'guests' },
};

/** A service that names no policy source. */
export const ledgerEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'ledger', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'guests' },
};

export const PAYMENTS_REF = 'component:default/payments';
