export { DriftStatusChip, driftStatusColour } from './DriftStatusChip';
export { DRIFT_STATUSES_WORST_FIRST } from './driftStatusesWorstFirst';
export { WorstStatus } from './WorstStatus';
