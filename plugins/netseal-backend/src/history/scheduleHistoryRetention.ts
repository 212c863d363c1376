import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import type { DriftStore } from '../database';

const DAY_MS = 24 * 60 * 60 * 1000;

export const HISTORY_RETENTION_TASK = 'netseal-history-retention';

/**
 * Deletes drift status changes older than `retentionDays`, daily. The task is global:
 * the scheduler runs it on one replica at a time, since they share the database.
 */
export async function scheduleHistoryRetention(options: {
  scheduler: SchedulerService;
  store: Pick<DriftStore, 'deleteHistoryBefore'>;
  logger: LoggerService;
  retentionDays: number;
  now?: () => Date;
}): Promise<void> {
  const { scheduler, store, logger, retentionDays } = options;
  const now = options.now ?? (() => new Date());
  await scheduler.scheduleTask({
    id: HISTORY_RETENTION_TASK,
    scope: 'global',
    frequency: { hours: 24 },
    timeout: { minutes: 30 },
    initialDelay: { minutes: 10 },
    fn: async () => {
      const cutoff = new Date(now().getTime() - retentionDays * DAY_MS);
      const deleted = await store.deleteHistoryBefore(cutoff);
      logger.info(
        `Deleted ${deleted} drift status changes from before ${cutoff.toISOString()} (netseal.history.retentionDays: ${retentionDays})`,
      );
    },
  });
}
