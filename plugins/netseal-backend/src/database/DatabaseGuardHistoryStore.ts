import type { Knex } from 'knex';
import type { GuardHistoryStore, GuardStatusChange } from './GuardHistoryStore';

const HISTORY = 'netseal_guard_status_history';

interface GuardHistoryRow {
  id: number;
  cluster: string;
  status: string;
  reason: string | null;
  observed_at: Date | string | number;
}

/** The GuardHistoryStore on the plugin's database. */
export class DatabaseGuardHistoryStore implements GuardHistoryStore {
  /** On a migrated database: see NetsealDatabase. */
  constructor(private readonly db: Knex) {}

  async record(change: GuardStatusChange): Promise<void> {
    await this.db.transaction(async tx => {
      const last: GuardHistoryRow | undefined = await tx(HISTORY)
        .where('cluster', change.cluster)
        .orderBy('observed_at', 'desc')
        .orderBy('id', 'desc')
        .first();
      if (last?.status === change.status) return;
      await tx(HISTORY).insert({
        cluster: change.cluster,
        status: change.status,
        reason: change.reason ?? null,
        observed_at: change.observedAt,
      });
    });
  }

  async listForWindow(options: {
    from: Date;
    to: Date;
    cluster?: string;
  }): Promise<GuardStatusChange[]> {
    const scoped = () => {
      const query = this.db<GuardHistoryRow>(HISTORY);
      if (options.cluster !== undefined) {
        query.where('cluster', options.cluster);
      }
      return query;
    };
    const inWindow = await scoped()
      .where('observed_at', '>=', options.from)
      .where('observed_at', '<', options.to)
      .orderBy([{ column: 'observed_at' }, { column: 'id' }]);
    const latestBefore = await scoped()
      .whereIn(
        'id',
        this.db(HISTORY)
          .max('id')
          .where('observed_at', '<', options.from)
          .groupBy('cluster'),
      )
      .orderBy('cluster');
    return [...latestBefore, ...inWindow].map(row => ({
      cluster: row.cluster,
      status: row.status as GuardStatusChange['status'],
      ...(row.reason !== null ? { reason: row.reason } : {}),
      observedAt:
        row.observed_at instanceof Date
          ? row.observed_at
          : new Date(row.observed_at),
    }));
  }
}
