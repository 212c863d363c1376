import { mockServices } from '@backstage/backend-test-utils';
import {
  HISTORY_RETENTION_TASK,
  scheduleHistoryRetention,
} from './scheduleHistoryRetention';

describe('scheduleHistoryRetention', () => {
  it('schedules a daily task, on one replica at a time, that deletes the changes older than the retention', async () => {
    const scheduler = mockServices.scheduler.mock();
    const store = { deleteHistoryBefore: jest.fn().mockResolvedValue(12) };
    const logger = mockServices.logger.mock();

    await scheduleHistoryRetention({
      scheduler,
      store,
      logger,
      retentionDays: 30,
      now: () => new Date('2026-11-26T09:00:00.000Z'),
    });

    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: HISTORY_RETENTION_TASK,
        scope: 'global',
        frequency: { hours: 24 },
      }),
    );
    const [task] = scheduler.scheduleTask.mock.calls[0];
    await task.fn(new AbortController().signal);

    expect(store.deleteHistoryBefore).toHaveBeenCalledWith(
      new Date('2026-10-27T09:00:00.000Z'),
    );
    expect(logger.info).toHaveBeenCalledWith(
      'Deleted 12 drift status changes from before 2026-10-27T09:00:00.000Z (netseal.history.retentionDays: 30)',
    );
  });
});
