import { Config } from '@backstage/config';

export const DEFAULT_HISTORY_RETENTION_DAYS = 90;

/** `netseal.history.retentionDays`: how long drift status changes are kept (default 90). */
export function readHistoryRetentionDays(config: Config): number {
  const key = 'netseal.history.retentionDays';
  const days = config.getOptionalNumber(key);
  if (days === undefined) {
    return DEFAULT_HISTORY_RETENTION_DAYS;
  }
  if (!Number.isFinite(days) || days <= 0) {
    throw new Error(
      `${key} must be a number of days greater than 0, got ${days}; leave it out to keep ${DEFAULT_HISTORY_RETENTION_DAYS} days of history`,
    );
  }
  return days;
}
