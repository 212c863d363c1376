import type { RequestChangeOp } from '@netseal/backstage-plugin-netseal-common';

/**
 * A policy change that is merged into its policy source but not rolled out yet: its
 * policy is `pending` until the live view shows the change.
 */
export interface PendingChange {
  /** The replacement request the change belongs to (or the restore), as the reason names it. */
  requestId: string;
  /**
   * `restore` when a restore puts the policy back to its seal; its id is `requestId`.
   * A request's change by default.
   */
  kind?: 'request' | 'restore';
  entityRef: string;
  /** `merged`: the rollout has not started; `rolling-out`: it runs. */
  state: 'merged' | 'rolling-out';
  change: {
    op: RequestChangeOp;
    cluster: string;
    namespace: string;
    name: string;
    /** The seal the change leaves live; absent for a removal. */
    newSeal?: string;
  };
}

/** Where the engine reads the pending changes of every entity from. */
export interface PendingChangeSource {
  /** Oldest first: when two changes touch one policy, the later one comes last. */
  listPendingChanges(): Promise<PendingChange[]>;
}
