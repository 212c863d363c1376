import {
  compareDriftStatus,
  DRIFT_STATUSES,
  DriftStatus,
} from '@netseal/backstage-plugin-netseal-common';

/**
 * Every drift status in the order a person should look at them: the roll-ups' order
 * (a known drift before an unreadable cluster), not the drift engine's.
 */
export const DRIFT_STATUSES_WORST_FIRST: readonly DriftStatus[] = [
  ...DRIFT_STATUSES,
].sort(compareDriftStatus);
