/** Which step list of a rollout runs: the plan, or the rollback after a failed step. */
export type RolloutPhase = 'rollout' | 'rollback';

/** How the execution of one cluster's plan ended. */
export type RolloutOutcome =
  | { status: 'completed' }
  /** A step failed; the cluster is back to the old sealed policies, checked against their seals. */
  | { status: 'rolled-back'; reason: string }
  /** A step failed and so did the rollback; whatever guards stood are left in place. */
  | {
      status: 'failed';
      reason: string;
      rollbackError: string;
      /** What the cluster holds afterwards, when the executor could read it back. */
      leftInCluster?: LeftInCluster;
    };

/** What a rollout whose rollback failed leaves in the cluster, read back afterwards. */
export interface LeftInCluster {
  /** The rollout's guard policies that stand, as `namespace/name`. */
  guards: string[];
  /**
   * True when neither the rollout nor its rollback got past creating guards, so no sealed
   * policy was deleted or created.
   */
  policiesUntouched: boolean;
}

/** Where a run of the executor picks up. */
export interface RolloutCheckpoint {
  phase: RolloutPhase;
  /** The first step of that phase not known to have finished. */
  step: number;
  /** Why the rollback runs, in phase `rollback`. */
  reason?: string;
  /** In phase `rollback`: the policies the rollout did not create, which the rollback leaves alone. */
  notCreated?: { namespace: string; name: string }[];
  /** Set once the execution ended; a run then changes nothing. */
  outcome?: RolloutOutcome;
}

/**
 * Where a store persists a rollout's progress (DESIGN rule 3). The executor calls it
 * before and after every step and waits for it; if a call throws, the executor stops at
 * once, as a crash would, and a later run resumes from {@link RolloutProgress.resumeFrom}.
 */
export interface RolloutProgress {
  resumeFrom(): Promise<RolloutCheckpoint>;
  started(phase: RolloutPhase, step: number): Promise<void>;
  finished(phase: RolloutPhase, step: number): Promise<void>;
  failed(phase: RolloutPhase, step: number, error: string): Promise<void>;
  /** The plan failed for this reason; the rollback starts at its first step. */
  rollbackStarted(
    reason: string,
    notCreated: { namespace: string; name: string }[],
  ): Promise<void>;
  ended(outcome: RolloutOutcome): Promise<void>;
}

/** One call the executor made to its {@link RolloutProgress}. */
export type RolloutProgressEvent =
  | { event: 'started' | 'finished'; phase: RolloutPhase; step: number }
  | { event: 'failed'; phase: RolloutPhase; step: number; error: string }
  | {
      event: 'rollback-started';
      reason: string;
      notCreated: { namespace: string; name: string }[];
    }
  | { event: 'ended'; outcome: RolloutOutcome };

/** Progress kept in memory, for tests and for a single process without a database. */
export class InMemoryRolloutProgress implements RolloutProgress {
  readonly events: RolloutProgressEvent[] = [];
  private checkpoint: RolloutCheckpoint = { phase: 'rollout', step: 0 };

  async resumeFrom(): Promise<RolloutCheckpoint> {
    return { ...this.checkpoint };
  }

  async started(phase: RolloutPhase, step: number): Promise<void> {
    this.events.push({ event: 'started', phase, step });
  }

  async finished(phase: RolloutPhase, step: number): Promise<void> {
    this.events.push({ event: 'finished', phase, step });
    this.checkpoint = { ...this.checkpoint, phase, step: step + 1 };
  }

  async failed(phase: RolloutPhase, step: number, error: string) {
    this.events.push({ event: 'failed', phase, step, error });
  }

  async rollbackStarted(
    reason: string,
    notCreated: { namespace: string; name: string }[],
  ): Promise<void> {
    this.events.push({ event: 'rollback-started', reason, notCreated });
    this.checkpoint = { phase: 'rollback', step: 0, reason, notCreated };
  }

  async ended(outcome: RolloutOutcome): Promise<void> {
    this.events.push({ event: 'ended', outcome });
    this.checkpoint = { ...this.checkpoint, outcome };
  }
}
