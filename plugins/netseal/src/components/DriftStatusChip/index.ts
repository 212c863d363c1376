export { DriftStatusChip, driftStatusColour } from './DriftStatusChip';
export { WorstStatus } from './WorstStatus';
