import { countByStatus } from './countByStatus';
import { isDriftStatus } from './isDriftStatus';
import { DRIFT_STATUSES, DriftStatus } from './types';
import { compareDriftStatus, worstStatus } from './worstStatus';

describe('drift roll-ups', () => {
  it('orders statuses worst first: a known difference before an unreadable cluster', () => {
    const shuffled: DriftStatus[] = [
      'in-sync',
      'drifted',
      'unknown',
      'pending',
      'unsealed',
      'missing',
    ];
    expect(shuffled.sort(compareDriftStatus)).toEqual([
      'missing',
      'drifted',
      'unsealed',
      'unknown',
      'pending',
      'in-sync',
    ]);
  });

  it('rolls up to the worst status present', () => {
    expect(worstStatus(['in-sync', 'pending', 'drifted', 'in-sync'])).toBe(
      'drifted',
    );
    expect(worstStatus(['in-sync', 'unknown'])).toBe('unknown');
  });

  it('lets a drift in one cluster outrank another cluster being down', () => {
    expect(worstStatus(['unknown', 'drifted', 'in-sync'])).toBe('drifted');
    expect(worstStatus(['unknown', 'missing'])).toBe('missing');
    expect(worstStatus(['unsealed', 'unknown'])).toBe('unsealed');
  });

  it('never rolls an unknown policy up to in-sync or pending', () => {
    expect(worstStatus(['in-sync', 'pending', 'unknown'])).toBe('unknown');
    expect(worstStatus({ unknown: 1, pending: 3, 'in-sync': 40 })).toBe(
      'unknown',
    );
  });

  it('rolls counts up to the worst status that has any policy', () => {
    expect(
      worstStatus({
        unknown: 0,
        missing: 0,
        drifted: 0,
        unsealed: 2,
        pending: 1,
        'in-sync': 40,
      }),
    ).toBe('unsealed');
  });

  it('rolls nothing up to no status: no policies is not in sync', () => {
    expect(worstStatus([])).toBeUndefined();
    expect(worstStatus(countByStatus([]))).toBeUndefined();
  });

  it('counts every status, zero when none', () => {
    expect(
      countByStatus([
        { status: 'in-sync' },
        { status: 'drifted' },
        { status: 'in-sync' },
      ]),
    ).toEqual({
      unknown: 0,
      missing: 0,
      drifted: 1,
      unsealed: 0,
      pending: 0,
      'in-sync': 2,
    });
  });

  it('tells a drift status from any other value', () => {
    expect(DRIFT_STATUSES.every(isDriftStatus)).toBe(true);
    expect(['in_sync', 'removed', '', undefined, 3].some(isDriftStatus)).toBe(
      false,
    );
  });
});
