/**
 * How long something took, in the unit a person reads it in: `350 ms`, `1.2 s`, `14 s`,
 * `2 min 5 s`. Rollout steps are API calls (milliseconds); a whole rollout may take minutes.
 */
export function formatDuration(milliseconds: number): string {
  const ms = Math.max(0, Math.round(milliseconds));
  if (ms < 1000) {
    return `${ms} ms`;
  }
  if (ms < 10_000) {
    return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  }
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) {
    return `${seconds} s`;
  }
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** The time between two ISO timestamps, or undefined when either is missing or unreadable. */
export function durationBetween(
  startedAt: string | undefined,
  finishedAt: string | undefined,
): number | undefined {
  if (!startedAt || !finishedAt) {
    return undefined;
  }
  const duration = Date.parse(finishedAt) - Date.parse(startedAt);
  return Number.isNaN(duration) ? undefined : duration;
}
