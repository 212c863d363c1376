import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { DriftStatusTransition } from '@netseal/backstage-plugin-netseal-common';
import type { DriftStore } from '../database';
import type { RestoredPolicy, RestoreStore } from '../database/RestoreStore';
import { decideSelfHeal, SelfHealLimits } from './decideSelfHeal';
import type { RestoreActor } from './RestoreService';

/** What self-heal needs of the restore service: to start a restore. */
export interface SelfHealRestores {
  start(
    policy: RestoredPolicy,
    actor: RestoreActor,
  ): Promise<{ restore: { id: string } }>;
}

const HEALED = new Set(['drifted', 'missing']);

/**
 * Self-heal (`netseal.drift.selfHeal`): the backend restores `drifted` and `missing`
 * policies by itself, as the backend's own action, within the limits of
 * {@link decideSelfHeal}. The drift engine tells it of each policy that became drifted
 * or missing (`onTransitions`, the engine's listener interface, connected in wiring/);
 * `sweep` tries again the ones the limits held back, and any a restart missed.
 */
export class SelfHeal {
  readonly #restores: SelfHealRestores;
  readonly #store: Pick<
    RestoreStore,
    'selfHealsOfPolicy' | 'selfHealsOfCluster'
  >;
  readonly #drift: Pick<DriftStore, 'listPolicies'>;
  readonly #limits: SelfHealLimits;
  readonly #logger: LoggerService;
  readonly #now: () => Date;
  /** One attempt at a time on this replica, so that the cluster limit counts each one. */
  #queue: Promise<void> = Promise.resolve();

  constructor(options: {
    restores: SelfHealRestores;
    store: Pick<RestoreStore, 'selfHealsOfPolicy' | 'selfHealsOfCluster'>;
    drift: Pick<DriftStore, 'listPolicies'>;
    limits: SelfHealLimits;
    logger: LoggerService;
    now?: () => Date;
  }) {
    this.#restores = options.restores;
    this.#store = options.store;
    this.#drift = options.drift;
    this.#limits = options.limits;
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * The drift engine's listener: each policy that became drifted or missing is healed.
   * Not waited for: the engine goes on checking while the restores start.
   */
  onTransitions(
    entity: { entityRef: string },
    transitions: readonly DriftStatusTransition[],
  ): void {
    const policies = transitions
      .filter(transition => transition.to && HEALED.has(transition.to))
      .map(({ cluster, namespace, name }) => ({
        entityRef: entity.entityRef,
        cluster,
        namespace,
        name,
      }));
    if (policies.length > 0) {
      this.#enqueue(policies, 'warn').catch(error =>
        this.#logger.warn(`Self-heal failed: ${(error as Error).message}`),
      );
    }
  }

  /** Resolves once every attempt asked for so far has been made. */
  async settled(): Promise<void> {
    await this.#queue;
  }

  /** Tries every drifted or missing policy of the fleet: what the limits held back before. */
  async sweep(): Promise<void> {
    const { items } = await this.#drift.listPolicies({
      status: ['missing', 'drifted'],
      orderBy: 'checkedAt',
      limit: 1000,
    });
    const seen = new Set<string>();
    const policies: RestoredPolicy[] = [];
    // One restore per live policy, even when two entities hold it.
    for (const { entityRef, cluster, namespace, name } of items) {
      const key = `${cluster}/${namespace}/${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      policies.push({ entityRef, cluster, namespace, name });
    }
    await this.#enqueue(policies, 'debug');
  }

  #enqueue(
    policies: readonly RestoredPolicy[],
    holdBackLevel: 'warn' | 'debug',
  ): Promise<void> {
    const run = this.#queue.then(async () => {
      for (const policy of policies) {
        await this.#attempt(policy, holdBackLevel);
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #attempt(
    policy: RestoredPolicy,
    holdBackLevel: 'warn' | 'debug',
  ): Promise<void> {
    const now = this.#now();
    const words = `${policy.namespace}/${policy.name} in ${policy.cluster}`;
    try {
      const [policyHeals, clusterHeals] = await Promise.all([
        this.#store.selfHealsOfPolicy(
          policy,
          new Date(now.getTime() - 2 * this.#limits.maxBackOffMs),
        ),
        this.#store.selfHealsOfCluster(
          policy.cluster,
          new Date(now.getTime() - this.#limits.windowMs),
        ),
      ]);
      const decision = decideSelfHeal({
        now,
        policy: words,
        cluster: policy.cluster,
        policyHeals,
        clusterHeals,
        limits: this.#limits,
      });
      if (!decision.heal) {
        this.#logger[holdBackLevel](`Self-heal held back: ${decision.reason}`);
        return;
      }
      const { restore } = await this.#restores.start(policy, {
        userEntityRef: 'system',
        selfHeal: true,
      });
      this.#logger.info(
        `Self-healing ${words} of ${policy.entityRef}: restore ${restore.id}`,
      );
    } catch (error) {
      // No longer drifted, locked by a rollout or restore, or gone: nothing to heal now.
      if (error instanceof ConflictError || error instanceof NotFoundError) {
        this.#logger.debug(
          `Self-heal of ${words} skipped: ${(error as Error).message}`,
        );
        return;
      }
      this.#logger.warn(
        `Self-heal of ${words} failed: ${(error as Error).message}`,
      );
    }
  }
}
