import type { RolloutChange } from '@netseal/backstage-plugin-netseal-common';
import type { RolloutPhase, RolloutProgress } from './RolloutProgress';

/** A request's rollout as a whole: waiting for a lock, running, or how it ended. */
export type RolloutStatus =
  | 'queued'
  | 'running'
  | 'completed'
  | 'rolled-back'
  | 'failed';

/** One cluster's part of a rollout. */
export type RolloutClusterStatus =
  | 'pending'
  | 'running'
  | 'completed'
  | 'rolled-back'
  | 'failed';

export type RolloutStepStatus = 'pending' | 'running' | 'done' | 'failed';

export interface RolloutStepRecord {
  phase: RolloutPhase;
  index: number;
  description: string;
  status: RolloutStepStatus;
  startedAt?: Date;
  finishedAt?: Date;
  error?: string;
}

export interface RolloutClusterRecord {
  cluster: string;
  /** The rollout identity the steps run as. */
  identity: string;
  status: RolloutClusterStatus;
  /** Why it rolled back or failed. */
  reason?: string;
  /** Rollout steps first, then the rollback's, each in order. */
  steps: RolloutStepRecord[];
}

/**
 * What a rollout executes: a merged replacement request, or a restore of one policy to its
 * sealed version (see RestoreStore), which runs the same way with no request behind it.
 */
export type RolloutKind = 'request' | 'restore';

/** What a rollout was started with: the approval verified and the plan's input. */
export interface NewRollout {
  /** The request's id; for a restore, the restore's id. */
  requestId: string;
  /** `request` when left out. */
  kind?: RolloutKind;
  startedBy: string;
  mergeCommitSha?: string;
  mergedBy?: string;
  approvedBy: string[];
  /** The changes with their old and new policies, fixed for every run of the rollout. */
  changes: RolloutChange[];
  clusters: { cluster: string; identity: string; steps: string[] }[];
}

export interface RolloutRecord extends Omit<NewRollout, 'clusters' | 'kind'> {
  kind: RolloutKind;
  status: RolloutStatus;
  /** Why a queued rollout waits. */
  waitingFor?: string;
  startedAt: Date;
  endedAt?: Date;
  clusters: RolloutClusterRecord[];
}

/** A policy a rollout holds, so that no other rollout touches it meanwhile. */
export interface RolloutLock {
  cluster: string;
  namespace: string;
  name: string;
  requestId: string;
}

/**
 * Where rollouts, their per-step progress, leases and policy locks persist (DESIGN rule
 * 3): a backend that restarts, or another replica, resumes a rollout from here.
 */
export interface RolloutStore {
  /** Stores a new rollout, `queued`, with its steps `pending`; an existing one is returned as is. */
  begin(rollout: NewRollout, at: Date): Promise<RolloutRecord>;
  get(requestId: string): Promise<RolloutRecord | undefined>;
  setStatus(
    requestId: string,
    update: { status: RolloutStatus; waitingFor?: string; endedAt?: Date },
  ): Promise<void>;
  /**
   * The progress of one cluster of a rollout, for the executor. `describeRollback` names
   * the rollback's steps once the executor starts it.
   */
  progress(
    requestId: string,
    cluster: string,
    options: {
      describeRollback: (
        reason: string,
        notCreated: { namespace: string; name: string }[],
      ) => string[];
      now: () => Date;
      /** Called after each write, e.g. to renew the lease; its failure stops the run. */
      afterWrite?: () => Promise<void>;
    },
  ): RolloutProgress;
  /**
   * Locks every policy for `requestId`, all or none: a policy another rollout holds is
   * returned and nothing is locked. Locks the request holds already are kept.
   */
  acquireLocks(
    requestId: string,
    policies: { cluster: string; namespace: string; name: string }[],
    at: Date,
  ): Promise<{ acquired: true } | { heldBy: RolloutLock }>;
  releaseLocks(requestId: string): Promise<void>;
  /**
   * Takes (or renews) the right to run the rollout until `until`, unless another owner
   * holds it past `now`. Only one replica runs a rollout at a time.
   */
  claimLease(
    requestId: string,
    owner: string,
    until: Date,
    now: Date,
  ): Promise<boolean>;
  releaseLease(requestId: string, owner: string): Promise<void>;
  /** Rollouts of that kind (`request` by default) not ended (`queued` or `running`), oldest first. */
  listUnfinished(kind?: RolloutKind): Promise<string[]>;
}
