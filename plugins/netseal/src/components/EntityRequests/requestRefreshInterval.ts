import type { ReplacementRequestDetail } from '@netseal/backstage-plugin-netseal-common';

/** How often an open request's drawer reads it again from its Git host. */
export const REQUEST_REFRESH_INTERVAL_MS = 60_000;

/** How often the drawer reads a request whose rollout is about to run or running, so its steps are seen live. */
export const ROLLOUT_REFRESH_INTERVAL_MS = 2_000;

/** True while a rollout may start or is queued or running: its steps change within seconds. */
export function isRolloutLive(request?: ReplacementRequestDetail): boolean {
  if (!request) return false;
  const status = request.rollout?.status;
  return (
    request.state === 'merged' ||
    request.state === 'rolling-out' ||
    status === 'queued' ||
    status === 'running'
  );
}

/** The drawer's pace for this request: fast while its rollout is live, once a minute otherwise. */
export function requestRefreshInterval(
  request?: ReplacementRequestDetail,
): number {
  return isRolloutLive(request)
    ? ROLLOUT_REFRESH_INTERVAL_MS
    : REQUEST_REFRESH_INTERVAL_MS;
}
