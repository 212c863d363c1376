export { formatClockTime, LastUpdated } from './LastUpdated';
