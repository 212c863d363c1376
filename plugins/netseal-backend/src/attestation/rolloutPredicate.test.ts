import {
  buildRolloutStatement,
  computeSeal,
  type NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import type { RestoreRecord } from '../database/RestoreStore';
import type { RolloutRecord } from '../database/RolloutStore';
import { rolloutPredicate } from './rolloutPredicate';

const liveOnly: NetworkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'allow-all', namespace: 'shop' },
  spec: { podSelector: {}, ingress: [{}] },
};

const sealed: NetworkPolicy = {
  ...liveOnly,
  metadata: {
    name: 'deny-egress',
    namespace: 'shop',
    annotations: { 'netseal.io/seal': `sha256:${'a'.repeat(64)}` },
  },
};

const origin: { restore: RestoreRecord } = {
  restore: {
    id: 'r-1',
    entityRef: 'component:default/payments',
    cluster: 'prod-eu',
    namespace: 'shop',
    name: 'allow-all',
    driftStatus: 'drifted',
    seal: `sha256:${'b'.repeat(64)}`,
    requestedBy: 'user:default/riley',
    selfHeal: false,
    createdAt: new Date('2026-12-06T12:00:00Z'),
  },
};

function rolloutRemoving(...policies: NetworkPolicy[]): RolloutRecord {
  return {
    requestId: 'req-1',
    kind: 'request',
    status: 'completed',
    startedBy: 'user:default/riley',
    approvedBy: ['user:default/sam'],
    startedAt: new Date('2026-12-06T12:00:00Z'),
    endedAt: new Date('2026-12-06T12:00:05Z'),
    changes: policies.map(policy => ({
      op: 'remove' as const,
      cluster: 'prod-eu',
      namespace: policy.metadata.namespace!,
      name: policy.metadata.name!,
      oldPolicy: policy,
    })),
    clusters: [],
  };
}

describe('the attestation of a rollout that only removes', () => {
  it('names each removed policy as a subject, digested by what it was and marked as removed, so the statement is never without a subject', () => {
    const statement = buildRolloutStatement(
      rolloutPredicate(rolloutRemoving(liveOnly, sealed), origin),
    );
    expect(statement.subject).toEqual([
      {
        name: 'prod-eu/shop/allow-all',
        // Git never held it: the live object's own canonical digest.
        digest: { sha256: computeSeal(liveOnly).slice('sha256:'.length) },
        annotations: { 'netseal.io/op': 'remove' },
      },
      {
        name: 'prod-eu/shop/deny-egress',
        // A sealed policy: the seal it carried.
        digest: { sha256: 'a'.repeat(64) },
        annotations: { 'netseal.io/op': 'remove' },
      },
    ]);
    expect(statement.predicate.changes).toEqual([
      expect.objectContaining({
        op: 'remove',
        name: 'allow-all',
        removedDigest: computeSeal(liveOnly),
      }),
      expect.objectContaining({
        op: 'remove',
        name: 'deny-egress',
        removedDigest: `sha256:${'a'.repeat(64)}`,
      }),
    ]);
  });
});
