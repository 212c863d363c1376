import { durationBetween, formatDuration } from './formatDuration';

describe('formatDuration', () => {
  it('reads a step of milliseconds, seconds or minutes in its own unit', () => {
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(348.6)).toBe('349 ms');
    expect(formatDuration(1000)).toBe('1.0 s');
    expect(formatDuration(1290)).toBe('1.2 s');
    expect(formatDuration(14_400)).toBe('14 s');
    expect(formatDuration(60_000)).toBe('1 min');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });

  it('never shows a negative duration from clocks that disagree', () => {
    expect(formatDuration(-20)).toBe('0 ms');
  });
});

describe('durationBetween', () => {
  it('is the time between two timestamps, and nothing without both', () => {
    expect(
      durationBetween('2026-11-26T12:00:01.250Z', '2026-11-26T12:00:02.000Z'),
    ).toBe(750);
    expect(durationBetween('2026-11-26T12:00:01Z', undefined)).toBeUndefined();
    expect(durationBetween(undefined, '2026-11-26T12:00:01Z')).toBeUndefined();
    expect(
      durationBetween('yesterday', '2026-11-26T12:00:01Z'),
    ).toBeUndefined();
  });
});
