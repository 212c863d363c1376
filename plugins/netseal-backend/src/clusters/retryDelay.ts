/** Bounds of the retry backoff after a failed list or watch. */
export interface RetryTiming {
  /** Delay before the first retry (default 1 s). */
  initialDelayMs: number;
  /** Longest delay between retries (default 30 s). */
  maxDelayMs: number;
}

/**
 * Exponential backoff with "equal jitter": the delay doubles per failed attempt up to the
 * bound, and a random half of it is added so that many clusters (or backend replicas)
 * that failed together do not retry together.
 */
export function retryDelay(
  attempt: number,
  timing: RetryTiming,
  random: () => number = Math.random,
): number {
  const exponential = timing.initialDelayMs * 2 ** Math.min(attempt, 30);
  const capped = Math.min(timing.maxDelayMs, exponential);
  return Math.round(capped / 2 + (random() * capped) / 2);
}
