/**
 * The Backstage signal channel on which the backend announces drift status changes and
 * the portal listens (`useSignal`).
 *
 * @public
 */
export const DRIFT_SIGNAL_CHANNEL = 'netseal:drift';

/**
 * One drift status change, as published on {@link DRIFT_SIGNAL_CHANNEL}. It names the
 * policy only; a page reads the status through the permission-checked API. `from` is
 * null when the policy was first seen, `to` when it is no longer tracked.
 *
 * @public
 */
export type DriftSignalMessage = {
  entityRef: string;
  cluster: string;
  namespace: string;
  name: string;
  from: string | null;
  to: string | null;
};
