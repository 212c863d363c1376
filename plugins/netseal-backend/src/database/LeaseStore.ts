/** A named lease as stored. */
export interface Lease {
  name: string;
  owner: string;
  heldUntil: Date;
  /** When the current owner took it (renewals keep it). */
  acquiredAt: Date;
  /** What the owner last reported about what it holds, as JSON data. */
  report?: unknown;
}

/**
 * Named leases that the backend's replicas share on the plugin's database: a lease has
 * one owner at a time, until it lapses (`heldUntil`) unless renewed; then any replica may
 * take it. Clocks are the replicas' own, as for rollout leases, so leases should last
 * well beyond the replicas' clock skew.
 */
export interface LeaseStore {
  /**
   * Takes the lease for `owner` until `until`, unless another owner holds it past
   * `now`; renews it when `owner` holds it already. True when `owner` holds it after.
   */
  claim(name: string, owner: string, until: Date, now: Date): Promise<boolean>;
  /**
   * Extends every lease of `names` that `owner` still holds to `until`, and returns
   * those names; the others were released or taken over meanwhile.
   */
  renew(
    names: readonly string[],
    owner: string,
    until: Date,
  ): Promise<string[]>;
  /** Stores what the owner says about what it holds; nothing when it holds the lease no more. */
  report(name: string, owner: string, report: unknown): Promise<void>;
  /** Gives the leases up at once, so another replica may take them without waiting. */
  release(names: readonly string[], owner: string): Promise<void>;
  /** Every lease, held or lapsed, by name. */
  list(): Promise<Lease[]>;
}
