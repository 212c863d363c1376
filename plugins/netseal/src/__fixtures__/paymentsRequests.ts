import type { ReplacementRequestDetail } from '@netseal/backstage-plugin-netseal-common';
import { PAYMENTS_REF } from './paymentsEntity';

const base = {
  entityRef: PAYMENTS_REF,
  reason: 'Let the ledger reach the payments API',
  updatedAt: '2026-11-26T11:00:00Z',
  transitions: [],
};

/** Two replacement requests of payments: one approved by a reviewer, one rejected and closed. */
export const paymentsRequests: ReplacementRequestDetail[] = [
  {
    ...base,
    id: '12',
    state: 'approved',
    requester: 'user:default/alice',
    createdAt: '2026-11-26T10:00:00Z',
    url: 'https://git.example/netseal/policies/pull/12',
    changes: [
      {
        op: 'replace',
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-ledger',
        file: 'prod-eu/shop/allow-ledger.yaml',
      },
    ],
    approvals: 1,
    requiredApprovals: 1,
    reviews: [
      {
        reviewer: 'user:default/bob',
        decision: 'approved',
        at: '2026-11-26T10:30:00Z',
      },
    ],
  },
  {
    ...base,
    id: '11',
    state: 'closed',
    requester: 'user:default/carol',
    createdAt: '2026-11-25T09:00:00Z',
    url: 'https://git.example/netseal/policies/pull/11',
    changes: [
      {
        op: 'remove',
        cluster: 'prod-us',
        namespace: 'shop',
        name: 'deny-all',
        file: 'prod-us/shop/deny-all.yaml',
      },
    ],
    reviews: [
      {
        reviewer: 'user:default/dave',
        decision: 'rejected',
        at: '2026-11-25T10:00:00Z',
      },
    ],
  },
];
