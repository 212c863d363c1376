import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import type { DriftStatusTransition } from '@netseal/backstage-plugin-netseal-common';
import type { RestoredPolicy } from '../database/RestoreStore';
import { SelfHeal } from './SelfHeal';

const at = new Date('2026-12-07T09:00:00Z');
const PAYMENTS = { entityRef: 'component:default/payments' };

function transition(
  name: string,
  from: DriftStatusTransition['from'],
  to: DriftStatusTransition['to'],
): DriftStatusTransition {
  return {
    id: 1,
    entityRef: PAYMENTS.entityRef,
    cluster: 'prod-eu',
    namespace: 'shop',
    name,
    from,
    to,
    occurredAt: at.toISOString(),
  };
}

/**
 * Self-heal over a restore service that records what it starts, each start stored as a
 * self-heal the way the restore store keeps them.
 */
function setUp(options: { refuse?: (policy: RestoredPolicy) => Error } = {}) {
  const started: RestoredPolicy[] = [];
  const heals: { policy: RestoredPolicy; at: Date }[] = [];
  let now = at;
  const logger = mockServices.logger.mock();
  const selfHeal = new SelfHeal({
    restores: {
      start: async (policy, actor) => {
        expect(actor).toEqual({ userEntityRef: 'system', selfHeal: true });
        const refusal = options.refuse?.(policy);
        if (refusal) throw refusal;
        started.push(policy);
        heals.push({ policy, at: now });
        return { restore: { id: `x${started.length}` } };
      },
    },
    store: {
      selfHealsOfPolicy: async (policy, since) =>
        heals
          .filter(h => h.policy.name === policy.name && h.at >= since)
          .map(h => h.at)
          .reverse(),
      selfHealsOfCluster: async (cluster, since) =>
        heals
          .filter(h => h.policy.cluster === cluster && h.at >= since)
          .map(h => h.at)
          .reverse(),
    },
    drift: {
      listPolicies: async () => ({
        items: ['allow-checkout', 'default-deny'].map(name => ({
          entityRef: PAYMENTS.entityRef,
          cluster: 'prod-eu',
          namespace: 'shop',
          name,
          status: 'drifted' as const,
          differences: [],
          checkedAt: at.toISOString(),
          statusChangedAt: at.toISOString(),
        })),
        totalCount: 2,
      }),
    },
    limits: {
      maxPerCluster: 2,
      windowMs: 10 * 60_000,
      backOffMs: 60_000,
      maxBackOffMs: 60 * 60_000,
    },
    logger,
    now: () => now,
  });
  return {
    selfHeal,
    started,
    logger,
    advance: (minutes: number) => {
      now = new Date(now.getTime() + minutes * 60_000);
    },
  };
}

describe('SelfHeal', () => {
  it('restores a policy that became drifted or missing, and leaves other transitions alone', async () => {
    const { selfHeal, started } = setUp();

    selfHeal.onTransitions(PAYMENTS, [
      transition('allow-checkout', 'in-sync', 'drifted'),
      transition('default-deny', 'in-sync', 'missing'),
      transition('allow-ledger', 'drifted', 'in-sync'),
      transition('debug', undefined, 'unsealed'),
      transition('old', 'in-sync', undefined),
    ]);
    await selfHeal.settled();

    expect(started.map(policy => policy.name)).toEqual([
      'allow-checkout',
      'default-deny',
    ]);
  });

  it('holds back a policy that drifts again within its back-off, saying why, and heals it on a later sweep within the cluster limit', async () => {
    const { selfHeal, started, logger, advance } = setUp();
    selfHeal.onTransitions(PAYMENTS, [
      transition('allow-checkout', 'in-sync', 'drifted'),
    ]);
    await selfHeal.settled();
    advance(0.5);

    selfHeal.onTransitions(PAYMENTS, [
      transition('allow-checkout', 'in-sync', 'drifted'),
    ]);
    await selfHeal.settled();
    expect(started).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Self-heal held back: shop/allow-checkout in prod-eu drifted again after 1 self-heal',
      ),
    );

    advance(1);
    await selfHeal.sweep();
    // Its back-off over, allow-checkout is healed again; default-deny then meets the
    // cluster's limit of 2 self-heals per window.
    expect(started.map(policy => policy.name)).toEqual([
      'allow-checkout',
      'allow-checkout',
    ]);
    expect(logger.debug).toHaveBeenCalledWith(
      expect.stringContaining(
        'Self-heal held back: cluster prod-eu had 2 self-heals within 600 s',
      ),
    );
  });

  it('takes a refusal (no longer drifted, or locked by a rollout) quietly', async () => {
    const { selfHeal, started, logger } = setUp({
      refuse: () => new ConflictError('request r1 is rolling it out'),
    });

    selfHeal.onTransitions(PAYMENTS, [
      transition('allow-checkout', 'in-sync', 'drifted'),
    ]);
    await selfHeal.settled();

    expect(started).toEqual([]);
    expect(logger.warn).not.toHaveBeenCalled();
    expect(logger.debug).toHaveBeenCalledWith(
      'Self-heal of shop/allow-checkout in prod-eu skipped: request r1 is rolling it out',
    );
  });
});
