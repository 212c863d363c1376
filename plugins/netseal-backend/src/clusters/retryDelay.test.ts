import { retryDelay } from './retryDelay';

const timing = { initialDelayMs: 1000, maxDelayMs: 30_000 };

describe('retryDelay', () => {
  it('doubles per failed attempt, between half and all of the step', () => {
    expect(retryDelay(0, timing, () => 0)).toBe(500);
    expect(retryDelay(0, timing, () => 1)).toBe(1000);
    expect(retryDelay(1, timing, () => 1)).toBe(2000);
    expect(retryDelay(3, timing, () => 0.5)).toBe(6000);
  });

  it('never waits longer than the bound, however many attempts failed', () => {
    expect(retryDelay(5, timing, () => 1)).toBe(30_000);
    expect(retryDelay(1000, timing, () => 1)).toBe(30_000);
    expect(retryDelay(1000, timing, () => 0)).toBe(15_000);
  });
});
