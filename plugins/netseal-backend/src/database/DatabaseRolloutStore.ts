import type { Knex } from 'knex';
import type {
  RolloutCheckpoint,
  RolloutOutcome,
  RolloutPhase,
  RolloutProgress,
} from './RolloutProgress';
import type {
  NewRollout,
  RolloutClusterStatus,
  RolloutKind,
  RolloutLock,
  RolloutRecord,
  RolloutStatus,
  RolloutStepStatus,
  RolloutStore,
} from './RolloutStore';
import { whereLeaseClaimable } from './whereLeaseClaimable';

const ROLLOUTS = 'netseal_rollouts';
const CLUSTERS = 'netseal_rollout_clusters';
const STEPS = 'netseal_rollout_steps';
const LOCKS = 'netseal_rollout_locks';

type Timestamp = Date | string | number;

interface RolloutRow {
  request_id: string;
  kind?: string;
  status: string;
  waiting_for: string | null;
  started_by: string;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  merge_commit_sha: string | null;
  merged_by: string | null;
  approved_by: string;
  changes: string;
  lease_owner: string | null;
  lease_until: Timestamp | null;
}

interface ClusterRow {
  request_id: string;
  cluster: string;
  identity: string;
  status: string;
  phase: string;
  next_step: number;
  reason: string | null;
  not_created: string | null;
  outcome: string | null;
}

interface StepRow {
  request_id: string;
  cluster: string;
  phase: string;
  step: number;
  description: string;
  status: string;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  error: string | null;
}

function toDate(value: Timestamp): Date {
  return value instanceof Date ? value : new Date(value);
}

export function isUniqueViolation(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    (typeof message === 'string' && /UNIQUE constraint failed/.test(message))
  );
}

function lockKey(policy: {
  cluster: string;
  namespace: string;
  name: string;
}): string {
  return `${policy.cluster}/${policy.namespace}/${policy.name}`;
}

const CLUSTER_STATUS_OF_OUTCOME: Record<
  RolloutOutcome['status'],
  RolloutClusterStatus
> = {
  completed: 'completed',
  'rolled-back': 'rolled-back',
  failed: 'failed',
};

/** Inserts a new rollout, `queued`, with its clusters and their steps `pending`. */
export async function insertRollout(
  tx: Knex.Transaction,
  rollout: NewRollout,
  at: Date,
): Promise<void> {
  await tx(ROLLOUTS).insert({
    request_id: rollout.requestId,
    kind: rollout.kind ?? 'request',
    status: 'queued',
    started_by: rollout.startedBy,
    started_at: at,
    merge_commit_sha: rollout.mergeCommitSha ?? null,
    merged_by: rollout.mergedBy ?? null,
    approved_by: JSON.stringify(rollout.approvedBy),
    changes: JSON.stringify(rollout.changes),
  });
  for (const cluster of rollout.clusters) {
    await tx(CLUSTERS).insert({
      request_id: rollout.requestId,
      cluster: cluster.cluster,
      identity: cluster.identity,
      status: 'pending',
      phase: 'rollout',
      next_step: 0,
    });
    if (cluster.steps.length > 0) {
      await tx(STEPS).insert(
        cluster.steps.map((description, step) => ({
          request_id: rollout.requestId,
          cluster: cluster.cluster,
          phase: 'rollout',
          step,
          description,
          status: 'pending',
        })),
      );
    }
  }
}

/**
 * Locks every policy for the rollout, all or none, inside `tx`: a policy another rollout
 * holds is returned and nothing is locked. Locks it holds already are kept. A concurrent
 * insert of the same lock fails the transaction with a unique violation.
 */
export async function lockPolicies(
  tx: Knex.Transaction,
  requestId: string,
  policies: { cluster: string; namespace: string; name: string }[],
  at: Date,
): Promise<{ acquired: true } | { heldBy: RolloutLock }> {
  const held = new Set<string>();
  for (const policy of policies) {
    const holder = await tx(LOCKS)
      .where({
        cluster: policy.cluster,
        namespace: policy.namespace,
        name: policy.name,
      })
      .first();
    if (holder && holder.request_id !== requestId) {
      return {
        heldBy: { ...policy, requestId: String(holder.request_id) },
      };
    }
    if (holder) held.add(lockKey(policy));
  }
  // Only once no policy is another's: all or none.
  const missing = policies.filter(policy => !held.has(lockKey(policy)));
  for (const policy of missing) {
    await tx(LOCKS).insert({
      ...policy,
      request_id: requestId,
      acquired_at: at,
    });
  }
  return { acquired: true as const };
}

/** The lock another rollout holds on one of the policies, if any. */
export async function lockHolder(
  db: Knex,
  requestId: string,
  policies: { cluster: string; namespace: string; name: string }[],
): Promise<RolloutLock | undefined> {
  const taken = await db(LOCKS)
    .whereNot({ request_id: requestId })
    .whereIn(
      ['cluster', 'namespace', 'name'],
      policies.map(policy => [policy.cluster, policy.namespace, policy.name]),
    )
    .first();
  return taken
    ? {
        cluster: taken.cluster,
        namespace: taken.namespace,
        name: taken.name,
        requestId: String(taken.request_id),
      }
    : undefined;
}

/** The RolloutStore on the plugin's database (PostgreSQL in production, SQLite embedded). */
export class DatabaseRolloutStore implements RolloutStore {
  /** On a migrated database: see NetsealDatabase. */
  constructor(private readonly db: Knex) {}

  async begin(rollout: NewRollout, at: Date): Promise<RolloutRecord> {
    const existing = await this.get(rollout.requestId);
    if (existing) return existing;
    try {
      await this.db.transaction(tx => insertRollout(tx, rollout, at));
    } catch (error) {
      // Another replica began the same rollout at the same moment: theirs stands.
      if (!isUniqueViolation(error)) throw error;
    }
    return (await this.get(rollout.requestId))!;
  }

  async get(requestId: string): Promise<RolloutRecord | undefined> {
    const row = await this.db<RolloutRow>(ROLLOUTS)
      .where({ request_id: requestId })
      .first();
    if (!row) return undefined;
    const [clusters, steps] = await Promise.all([
      this.db<ClusterRow>(CLUSTERS)
        .where({ request_id: requestId })
        .orderBy('cluster'),
      this.db<StepRow>(STEPS)
        .where({ request_id: requestId })
        .orderBy([
          { column: 'cluster' },
          // `rollback` sorts after `rollout`, as it runs.
          { column: 'phase', order: 'desc' },
          { column: 'step' },
        ]),
    ]);
    return {
      requestId,
      kind: (row.kind ?? 'request') as RolloutKind,
      status: row.status as RolloutStatus,
      ...(row.waiting_for ? { waitingFor: row.waiting_for } : {}),
      startedBy: row.started_by,
      startedAt: toDate(row.started_at),
      ...(row.ended_at ? { endedAt: toDate(row.ended_at) } : {}),
      ...(row.merge_commit_sha ? { mergeCommitSha: row.merge_commit_sha } : {}),
      ...(row.merged_by ? { mergedBy: row.merged_by } : {}),
      approvedBy: JSON.parse(row.approved_by),
      changes: JSON.parse(row.changes),
      clusters: clusters.map(cluster => ({
        cluster: cluster.cluster,
        identity: cluster.identity,
        status: cluster.status as RolloutClusterStatus,
        ...(cluster.reason ? { reason: cluster.reason } : {}),
        steps: steps
          .filter(step => step.cluster === cluster.cluster)
          .map(step => ({
            phase: step.phase as RolloutPhase,
            index: Number(step.step),
            description: step.description,
            status: step.status as RolloutStepStatus,
            ...(step.started_at ? { startedAt: toDate(step.started_at) } : {}),
            ...(step.finished_at
              ? { finishedAt: toDate(step.finished_at) }
              : {}),
            ...(step.error ? { error: step.error } : {}),
          })),
      })),
    };
  }

  async setStatus(
    requestId: string,
    update: { status: RolloutStatus; waitingFor?: string; endedAt?: Date },
  ): Promise<void> {
    await this.db(ROLLOUTS)
      .where({ request_id: requestId })
      .update({
        status: update.status,
        waiting_for: update.waitingFor ?? null,
        ...(update.endedAt ? { ended_at: update.endedAt } : {}),
      });
  }

  progress(
    requestId: string,
    cluster: string,
    options: {
      describeRollback: (
        reason: string,
        notCreated: { namespace: string; name: string }[],
      ) => string[];
      now: () => Date;
      afterWrite?: () => Promise<void>;
    },
  ): RolloutProgress {
    const db = this.db;
    const key = { request_id: requestId, cluster };
    const after = async () => {
      await options.afterWrite?.();
    };
    const setStep = async (
      phase: RolloutPhase,
      step: number,
      update: Partial<StepRow>,
    ) => {
      await db(STEPS)
        .where({ ...key, phase, step })
        .update(update);
    };
    return {
      async resumeFrom(): Promise<RolloutCheckpoint> {
        const row = await db<ClusterRow>(CLUSTERS).where(key).first();
        if (!row) {
          throw new Error(
            `rollout of request ${requestId} has no cluster ${cluster}`,
          );
        }
        return {
          phase: row.phase as RolloutPhase,
          step: Number(row.next_step),
          ...(row.reason ? { reason: row.reason } : {}),
          ...(row.not_created
            ? { notCreated: JSON.parse(row.not_created) }
            : {}),
          ...(row.outcome ? { outcome: JSON.parse(row.outcome) } : {}),
        };
      },
      async started(phase, step) {
        await db.transaction(async tx => {
          await tx(CLUSTERS).where(key).update({ status: 'running' });
          await tx(STEPS)
            .where({ ...key, phase, step })
            .update({
              status: 'running',
              started_at: options.now(),
              finished_at: null,
              error: null,
            });
        });
        await after();
      },
      async finished(phase, step) {
        await db.transaction(async tx => {
          await tx(STEPS)
            .where({ ...key, phase, step })
            .update({ status: 'done', finished_at: options.now() });
          await tx(CLUSTERS)
            .where(key)
            .update({ phase, next_step: step + 1 });
        });
        await after();
      },
      async failed(phase, step, error) {
        await setStep(phase, step, {
          status: 'failed',
          finished_at: options.now(),
          error,
        });
        await after();
      },
      async rollbackStarted(reason, notCreated) {
        const steps = options.describeRollback(reason, notCreated);
        await db.transaction(async tx => {
          await tx(STEPS)
            .where({ ...key, phase: 'rollback' })
            .delete();
          if (steps.length > 0) {
            await tx(STEPS).insert(
              steps.map((description, step) => ({
                ...key,
                phase: 'rollback',
                step,
                description,
                status: 'pending',
              })),
            );
          }
          await tx(CLUSTERS)
            .where(key)
            .update({
              phase: 'rollback',
              next_step: 0,
              reason,
              not_created: JSON.stringify(notCreated),
            });
        });
        await after();
      },
      async ended(outcome) {
        await db(CLUSTERS)
          .where(key)
          .update({
            status: CLUSTER_STATUS_OF_OUTCOME[outcome.status],
            outcome: JSON.stringify(outcome),
            ...(outcome.status === 'completed'
              ? {}
              : {
                  reason:
                    outcome.status === 'failed'
                      ? `${outcome.reason}; the rollback failed too: ${outcome.rollbackError}`
                      : outcome.reason,
                }),
          });
        await after();
      },
    };
  }

  async acquireLocks(
    requestId: string,
    policies: { cluster: string; namespace: string; name: string }[],
    at: Date,
  ): Promise<{ acquired: true } | { heldBy: RolloutLock }> {
    try {
      return await this.db.transaction(tx =>
        lockPolicies(tx, requestId, policies, at),
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another rollout took one of the policies between our read and insert.
      const taken = await lockHolder(this.db, requestId, policies);
      if (!taken) throw error;
      return { heldBy: taken };
    }
  }

  async releaseLocks(requestId: string): Promise<void> {
    await this.db(LOCKS).where({ request_id: requestId }).delete();
  }

  async claimLease(
    requestId: string,
    owner: string,
    until: Date,
    now: Date,
  ): Promise<boolean> {
    const updated = await whereLeaseClaimable(
      this.db(ROLLOUTS).where({ request_id: requestId }),
      { owner: 'lease_owner', heldUntil: 'lease_until' },
      owner,
      now,
    ).update({ lease_owner: owner, lease_until: until });
    return Number(updated) > 0;
  }

  async releaseLease(requestId: string, owner: string): Promise<void> {
    await this.db(ROLLOUTS)
      .where({ request_id: requestId, lease_owner: owner })
      .update({ lease_owner: null, lease_until: null });
  }

  async listUnfinished(kind: RolloutKind = 'request'): Promise<string[]> {
    return this.db(ROLLOUTS)
      .where({ kind })
      .whereIn('status', ['queued', 'running'])
      .orderBy('started_at')
      .pluck('request_id');
  }
}
