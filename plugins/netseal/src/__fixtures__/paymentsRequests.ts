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

const OLD_SEAL = `sha256:${'a'.repeat(64)}`;
const NEW_SEAL = `sha256:${'b'.repeat(64)}`;

/**
 * Guest's open request of the local Git provider moving allow-checkout to port 9443,
 * with what its pull request holds (kept when filed) and its policy drifted since.
 */
export const filedRequest: ReplacementRequestDetail = {
  ...base,
  id: '21',
  state: 'open',
  reason: 'Checkout moves its API to 9443',
  requester: 'user:default/guest',
  providerId: 'local',
  branch: 'netseal/request-21',
  url: 'http://localhost:3000/catalog/default/component/payments/netseal?request=21',
  portalUrl:
    'http://localhost:3000/catalog/default/component/payments/netseal?request=21',
  createdAt: '2026-12-06T10:00:00Z',
  changes: [
    {
      op: 'replace',
      cluster: 'prod-eu',
      namespace: 'shop',
      name: 'allow-checkout',
      file: 'prod-eu/allow-checkout.yaml',
      oldSeal: OLD_SEAL,
      newSeal: NEW_SEAL,
    },
  ],
  asFiled: {
    changes: [
      {
        oldText: 'spec:\n  ports:\n    - port: 8443\n',
        newText: 'spec:\n  ports:\n    - port: 9443\n',
        diff: [' spec:', '   ports:', '-    - port: 8443', '+    - port: 9443'],
        summary: [
          'Pods app=payments in namespace shop accept ingress from pods app=checkout on TCP 9443.',
        ],
        selectsService: true,
      },
    ],
    accessChanges: [
      {
        cluster: 'prod-eu',
        openedFlows: 1,
        closedFlows: 1,
        changes: [
          {
            change: 'closed',
            protocol: 'TCP',
            port: 8443,
            flows: 1,
            text: 'Closes: pods app=checkout in namespace shop → pods app=payments in namespace shop on TCP 8443 (1 flow).',
          },
          {
            change: 'opened',
            protocol: 'TCP',
            port: 9443,
            flows: 1,
            text: 'Opens: pods app=checkout in namespace shop → pods app=payments in namespace shop on TCP 9443 (1 flow).',
          },
        ],
      },
    ],
    rolloutPlan: {
      strategy: 'fail-closed delete-and-recreate (the default)',
      clusters: [
        {
          cluster: 'prod-eu',
          steps: [
            'Create the guard shop/netseal-guard-21-1.',
            'Delete shop/allow-checkout.',
            'Create shop/allow-checkout, labelled netseal.io/sealed=true.',
            `Read shop/allow-checkout back and check its digest against ${NEW_SEAL}.`,
            'Delete the guard shop/netseal-guard-21-1.',
          ],
        },
      ],
    },
  },
  policyStatuses: [
    {
      cluster: 'prod-eu',
      namespace: 'shop',
      name: 'allow-checkout',
      status: 'drifted',
    },
  ],
  approvals: 1,
  requiredApprovals: 1,
  reviews: [
    {
      reviewer: 'user:default/riley',
      decision: 'approved',
      at: '2026-12-06T10:20:00Z',
      comment: 'Checkout calls 9443 from today',
      counted: true,
    },
  ],
  transitions: [
    {
      to: 'open',
      actor: 'user:default/guest',
      reason: 'Checkout moves its API to 9443',
      at: '2026-12-06T10:00:00Z',
    },
    {
      from: 'open',
      to: 'approved',
      actor: 'user:default/riley',
      reason: 'approved in the portal; 1 of 1 approvals count',
      at: '2026-12-06T10:20:00Z',
    },
  ],
};
