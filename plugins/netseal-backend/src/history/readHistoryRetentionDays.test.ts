import { ConfigReader } from '@backstage/config';
import { readHistoryRetentionDays } from './readHistoryRetentionDays';

describe('readHistoryRetentionDays', () => {
  it('keeps 90 days when nothing is configured', () => {
    expect(readHistoryRetentionDays(new ConfigReader({}))).toBe(90);
  });

  it('reads the configured number of days', () => {
    expect(
      readHistoryRetentionDays(
        new ConfigReader({ netseal: { history: { retentionDays: 30 } } }),
      ),
    ).toBe(30);
  });

  it.each([0, -7])('rejects %p days, naming the key and the default', days => {
    expect(() =>
      readHistoryRetentionDays(
        new ConfigReader({ netseal: { history: { retentionDays: days } } }),
      ),
    ).toThrow(
      `netseal.history.retentionDays must be a number of days greater than 0, got ${days}; leave it out to keep 90 days of history`,
    );
  });

  it('rejects text, naming the key', () => {
    expect(() =>
      readHistoryRetentionDays(
        new ConfigReader({
          netseal: { history: { retentionDays: 'a quarter' } },
        }),
      ),
    ).toThrow(/netseal\.history\.retentionDays/);
  });
});
