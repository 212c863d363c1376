/** A cluster's guard status from a moment on, until the next change. */
export interface GuardStatusChange {
  cluster: string;
  status: 'protected' | 'unprotected' | 'outdated' | 'unknown';
  reason?: string;
  observedAt: Date;
}

/** Where the guard's status changes persist, for the compliance report. */
export interface GuardHistoryStore {
  /**
   * Records the status seen, unless it is the cluster's last recorded one (replicas that
   * check the same guard record its change once, or again only after another change).
   */
  record(change: GuardStatusChange): Promise<void>;
  /**
   * The changes of the window, oldest first, with the last one before `from` of each
   * cluster (the status the window starts with).
   */
  listForWindow(options: {
    from: Date;
    to: Date;
    cluster?: string;
  }): Promise<GuardStatusChange[]>;
}
