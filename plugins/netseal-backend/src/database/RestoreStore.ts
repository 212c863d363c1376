import type { NewRollout, RolloutLock } from './RolloutStore';

/** Which policy a restore puts back, as the drift store names it. */
export interface RestoredPolicy {
  entityRef: string;
  cluster: string;
  namespace: string;
  name: string;
}

/** A restore as it was asked for: the policy, what it undoes, and who asked. */
export interface NewRestore extends RestoredPolicy {
  id: string;
  /** The drift status undone. */
  driftStatus: 'drifted' | 'missing';
  /** The seal put back. */
  seal: string;
  /** The digest of the live object replaced; absent when it was missing. */
  liveDigest?: string;
  /** A user's entity ref, or `system` when the backend self-heals. */
  requestedBy: string;
  selfHeal: boolean;
}

export interface RestoreRecord extends NewRestore {
  createdAt: Date;
}

/**
 * Where restores persist. A restore's execution is a rollout of kind `restore`, keyed by
 * the restore's id, in the RolloutStore: it has the same progress, lease and locks, so a
 * restore and a rollout never touch the same policy at once.
 */
export interface RestoreStore {
  /**
   * Stores the restore, its rollout (queued) and the lock on its policy in one
   * transaction. When another rollout or restore holds the policy, nothing is stored and
   * the holder is returned.
   */
  create(
    restore: NewRestore,
    rollout: Omit<NewRollout, 'requestId' | 'kind'>,
    at: Date,
  ): Promise<{ created: RestoreRecord } | { heldBy: RolloutLock }>;
  get(id: string): Promise<RestoreRecord | undefined>;
  /** The policy's restores, newest first; of every entity when `entityRef` is left out. */
  listOfPolicy(
    policy: Omit<RestoredPolicy, 'entityRef'> & { entityRef?: string },
    options: { limit: number },
  ): Promise<RestoreRecord[]>;
  /** When the backend self-healed the policy since `since`, newest first. */
  selfHealsOfPolicy(
    policy: Omit<RestoredPolicy, 'entityRef'>,
    since: Date,
  ): Promise<Date[]>;
  /** When the backend self-healed policies of the cluster since `since`, newest first. */
  selfHealsOfCluster(cluster: string, since: Date): Promise<Date[]>;
  /** Restores not ended (queued or running), oldest first: their policies are pending. */
  listUnfinished(): Promise<RestoreRecord[]>;
}
