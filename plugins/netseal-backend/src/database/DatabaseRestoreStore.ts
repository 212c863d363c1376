import type { Knex } from 'knex';
import {
  insertRollout,
  isUniqueViolation,
  lockHolder,
  lockPolicies,
} from './DatabaseRolloutStore';
import type {
  NewRestore,
  RestoredPolicy,
  RestoreRecord,
  RestoreStore,
} from './RestoreStore';
import type { NewRollout, RolloutLock } from './RolloutStore';

const RESTORES = 'netseal_restores';

type Timestamp = Date | string | number;

interface RestoreRow {
  id: string;
  entity_ref: string;
  cluster: string;
  namespace: string;
  name: string;
  drift_status: string;
  seal: string;
  live_digest: string | null;
  requested_by: string;
  self_heal: boolean | number;
  created_at: Timestamp;
}

/** Thrown inside the transaction to roll it back when the policy is held. */
class PolicyHeld extends Error {
  constructor(readonly heldBy: RolloutLock) {
    super(
      `policy ${heldBy.namespace}/${heldBy.name} is held by ${heldBy.requestId}`,
    );
  }
}

function toDate(value: Timestamp): Date {
  return value instanceof Date ? value : new Date(value);
}

function toRecord(row: RestoreRow): RestoreRecord {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    cluster: row.cluster,
    namespace: row.namespace,
    name: row.name,
    driftStatus: row.drift_status as RestoreRecord['driftStatus'],
    seal: row.seal,
    ...(row.live_digest ? { liveDigest: row.live_digest } : {}),
    requestedBy: row.requested_by,
    // SQLite answers 0 and 1.
    selfHeal: Boolean(row.self_heal),
    createdAt: toDate(row.created_at),
  };
}

/** The RestoreStore on the plugin's database, sharing the rollout tables and locks. */
export class DatabaseRestoreStore implements RestoreStore {
  /** On a migrated database: see NetsealDatabase. */
  constructor(private readonly db: Knex) {}

  async create(
    restore: NewRestore,
    rollout: Omit<NewRollout, 'requestId' | 'kind'>,
    at: Date,
  ): Promise<{ created: RestoreRecord } | { heldBy: RolloutLock }> {
    const policy = {
      cluster: restore.cluster,
      namespace: restore.namespace,
      name: restore.name,
    };
    try {
      await this.db.transaction(async tx => {
        await tx(RESTORES).insert({
          id: restore.id,
          entity_ref: restore.entityRef,
          cluster: restore.cluster,
          namespace: restore.namespace,
          name: restore.name,
          drift_status: restore.driftStatus,
          seal: restore.seal,
          live_digest: restore.liveDigest ?? null,
          requested_by: restore.requestedBy,
          self_heal: restore.selfHeal,
          created_at: at,
        });
        await insertRollout(
          tx,
          { ...rollout, requestId: restore.id, kind: 'restore' },
          at,
        );
        const result = await lockPolicies(tx, restore.id, [policy], at);
        if ('heldBy' in result) {
          // Undoes the inserts above: nothing of a refused restore is kept.
          throw new PolicyHeld(result.heldBy);
        }
      });
    } catch (error) {
      if (error instanceof PolicyHeld) return { heldBy: error.heldBy };
      if (!isUniqueViolation(error)) throw error;
      // Another rollout locked the policy between our read and insert.
      const taken = await lockHolder(this.db, restore.id, [policy]);
      if (!taken) throw error;
      return { heldBy: taken };
    }
    return { created: (await this.get(restore.id))! };
  }

  async get(id: string): Promise<RestoreRecord | undefined> {
    const row = await this.db<RestoreRow>(RESTORES).where({ id }).first();
    return row ? toRecord(row) : undefined;
  }

  async listOfPolicy(
    policy: Omit<RestoredPolicy, 'entityRef'> & { entityRef?: string },
    options: { limit: number },
  ): Promise<RestoreRecord[]> {
    const rows = await this.db<RestoreRow>(RESTORES)
      .where({
        cluster: policy.cluster,
        namespace: policy.namespace,
        name: policy.name,
        ...(policy.entityRef ? { entity_ref: policy.entityRef } : {}),
      })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit);
    return rows.map(toRecord);
  }

  async selfHealsOfPolicy(
    policy: Omit<RestoredPolicy, 'entityRef'>,
    since: Date,
  ): Promise<Date[]> {
    const rows = await this.db<RestoreRow>(RESTORES)
      .where({
        cluster: policy.cluster,
        namespace: policy.namespace,
        name: policy.name,
        self_heal: true,
      })
      .andWhere('created_at', '>=', since)
      .orderBy('created_at', 'desc')
      .select('created_at');
    return rows.map(row => toDate(row.created_at));
  }

  async listUnfinished(): Promise<RestoreRecord[]> {
    const rows = await this.db<RestoreRow>(RESTORES)
      .join('netseal_rollouts', 'netseal_rollouts.request_id', `${RESTORES}.id`)
      .where('netseal_rollouts.kind', 'restore')
      .whereIn('netseal_rollouts.status', ['queued', 'running'])
      .orderBy([
        { column: `${RESTORES}.created_at`, order: 'asc' },
        { column: `${RESTORES}.id`, order: 'asc' },
      ])
      .select(`${RESTORES}.*`);
    return rows.map(toRecord);
  }

  async selfHealsOfCluster(cluster: string, since: Date): Promise<Date[]> {
    const rows = await this.db<RestoreRow>(RESTORES)
      .where({ cluster, self_heal: true })
      .andWhere('created_at', '>=', since)
      .orderBy('created_at', 'desc')
      .select('created_at');
    return rows.map(row => toDate(row.created_at));
  }
}
