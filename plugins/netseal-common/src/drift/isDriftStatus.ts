import { DRIFT_STATUSES, DriftStatus } from './types';

/** True for one of the six drift statuses; for reading query parameters and stored rows. @public */
export function isDriftStatus(value: unknown): value is DriftStatus {
  return (
    typeof value === 'string' &&
    (DRIFT_STATUSES as readonly string[]).includes(value)
  );
}
