import type { ReplacementRequestDetail } from '@netseal/backstage-plugin-netseal-common';
import { PAYMENTS_REF } from './paymentsEntity';

type Rollout = NonNullable<ReplacementRequestDetail['rollout']>;

const guard =
  'Create the guard shop/netseal-guard-14: deny all ingress of pods app=payments in namespace shop while the policies are swapped.';

/**
 * Request 14 of payments, merged by riley after sam's approval, replacing
 * shop/allow-ledger in two clusters: prod-eu done, prod-us failed at creating the new
 * policy and rolled back.
 */
export const paymentsRollout: Rollout = {
  status: 'rolled-back',
  startedBy: 'user:default/riley',
  startedAt: '2026-11-26T12:00:00Z',
  endedAt: '2026-11-26T12:01:00Z',
  mergeCommitSha: '3f9c2a1e5b7d4c6a8e0f1a2b3c4d5e6f7a8b9c0d',
  approvedBy: ['user:default/sam'],
  mergedBy: 'user:default/riley',
  clusters: [
    {
      cluster: 'prod-eu',
      identity: 'netseal-rollout-prod-eu',
      status: 'completed',
      steps: [
        {
          phase: 'rollout',
          index: 0,
          description: guard,
          status: 'done',
          startedAt: '2026-11-26T12:00:01Z',
          finishedAt: '2026-11-26T12:00:02Z',
        },
        {
          phase: 'rollout',
          index: 1,
          description: 'Delete shop/allow-ledger.',
          status: 'done',
          startedAt: '2026-11-26T12:00:02Z',
          finishedAt: '2026-11-26T12:00:03Z',
        },
      ],
    },
    {
      cluster: 'prod-us',
      identity: 'netseal-rollout-prod-us',
      status: 'rolled-back',
      reason:
        'Creating shop/allow-ledger failed; the policies as before are back.',
      steps: [
        {
          phase: 'rollout',
          index: 0,
          description: guard,
          status: 'done',
          startedAt: '2026-11-26T12:00:01Z',
          finishedAt: '2026-11-26T12:00:02Z',
        },
        {
          phase: 'rollout',
          index: 1,
          description:
            'Create shop/allow-ledger, labelled netseal.io/sealed=true.',
          status: 'failed',
          startedAt: '2026-11-26T12:00:03Z',
          finishedAt: '2026-11-26T12:00:04Z',
          error: 'admission webhook denied the request: quota exceeded',
        },
        {
          phase: 'rollback',
          index: 0,
          description: 'Delete the guard shop/netseal-guard-14.',
          status: 'done',
          startedAt: '2026-11-26T12:00:05Z',
          finishedAt: '2026-11-26T12:00:06Z',
        },
      ],
    },
  ],
};

/** A running rollout of request 14: the guard is being created in prod-eu. */
export const runningRollout: Rollout = {
  status: 'running',
  startedBy: 'user:default/riley',
  startedAt: '2026-11-26T12:00:00Z',
  clusters: [
    {
      cluster: 'prod-eu',
      identity: 'netseal-rollout-prod-eu',
      status: 'running',
      steps: [
        {
          phase: 'rollout',
          index: 0,
          description: guard,
          status: 'running',
          startedAt: '2026-11-26T12:00:01Z',
        },
        {
          phase: 'rollout',
          index: 1,
          description: 'Delete shop/allow-ledger.',
          status: 'pending',
        },
      ],
    },
  ],
};

/** Request 14 of payments, merged on the local Git provider, its rollout not started. */
export const mergedRequest: ReplacementRequestDetail = {
  id: '14',
  entityRef: PAYMENTS_REF,
  state: 'merged',
  reason: 'Let the ledger reach the payments API',
  requester: 'user:default/guest',
  providerId: 'local',
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
  createdAt: '2026-11-26T10:00:00Z',
  updatedAt: '2026-11-26T11:00:00Z',
  transitions: [
    { to: 'open', actor: 'user:default/guest', at: '2026-11-26T10:00:00Z' },
    {
      from: 'approved',
      to: 'merged',
      actor: 'user:default/riley',
      at: '2026-11-26T11:00:00Z',
    },
  ],
};
