import * as k8s from '@kubernetes/client-node';
import { ConflictError, InputError } from '@backstage/errors';
import {
  ClusterRolloutPlan,
  describeRolloutStep,
  planRollback,
  planRollout,
  RolloutChange,
  RolloutStep,
} from '@netseal/backstage-plugin-netseal-common';
import { KubernetesApiError } from '../clusters/KubernetesApiError';
import { retryDelay, RetryTiming } from '../clusters/retryDelay';
import { describeWhatIsLeft } from './describeRolloutOutcome';
import { executeRolloutStep, NameTakenError } from './executeRolloutStep';
import { RolloutPolicyClient } from './RolloutPolicyClient';
import type {
  LeftInCluster,
  RolloutOutcome,
  RolloutPhase,
  RolloutProgress,
} from '../database/RolloutProgress';

/** How the executor talks to the cluster and how hard it tries. */
export interface RolloutExecutorOptions {
  /** The cluster's rollout identity (createKubeConfig(details, details.rolloutAuth)). */
  kubeConfig: k8s.KubeConfig;
  /** Tries of one step before it fails, on 5xx, 429, timeouts and network errors (default 5). */
  attempts?: number;
  /** Backoff between tries (default 1 s doubling up to 15 s, jittered). */
  retry?: RetryTiming;
  /** Bound of one API request (default 30 s). */
  requestTimeoutMs?: number;
  /** Waits between tries; replaced in tests. */
  sleep?: (ms: number) => Promise<void>;
}

/** What one cluster must become: a merged request's changes for that cluster. */
export interface ClusterRollout {
  requestId: string;
  cluster: string;
  /** The request's changes; those of other clusters are ignored. */
  changes: readonly RolloutChange[];
}

/** A policy the rollout did not create, so that the rollback leaves it alone. */
export interface PolicyName {
  namespace: string;
  name: string;
}

/** A step that failed, with the words that say which and why. */
class StepFailure extends Error {
  constructor(
    readonly index: number,
    readonly step: RolloutStep,
    readonly error: unknown,
    tries: number,
  ) {
    super(
      `step ${index + 1} (${describeRolloutStep(step)}) failed${
        tries > 1 ? ` after ${tries} tries` : ''
      }: ${error instanceof Error ? error.message : String(error)}`,
    );
    this.name = 'StepFailure';
  }
}

function isTransient(error: unknown): boolean {
  if (error instanceof ConflictError) return false;
  if (error instanceof KubernetesApiError) {
    return error.statusCode >= 500 || error.statusCode === 429;
  }
  // Timeouts, refused or reset connections, an object that vanished between two calls.
  return true;
}

const defaultRetry: RetryTiming = { initialDelayMs: 1000, maxDelayMs: 15_000 };

/**
 * Executes one cluster's fail-closed rollout plan, step by step, with the rollout
 * identity. Progress is recorded before and after every step, and a run starts where the
 * recorded progress says, so a run after a crash resumes (DESIGN rule 3). A step that
 * still fails after its retries starts the rollback plan, run the same way; a rollback
 * that fails too ends as `failed`, with the guards that stood left in place, because
 * isolated pods are the fail-closed state (rule 2).
 *
 * It knows nothing of requests, approvals or locks: its caller checks the approval and
 * holds the lock on the policies for the whole run.
 */
export class RolloutExecutor {
  private readonly client: RolloutPolicyClient;
  private readonly attempts: number;
  private readonly retry: RetryTiming;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: RolloutExecutorOptions) {
    this.client = new RolloutPolicyClient(
      options.kubeConfig,
      options.requestTimeoutMs ?? 30_000,
    );
    this.attempts = Math.max(1, options.attempts ?? 5);
    this.retry = options.retry ?? defaultRetry;
    this.sleep =
      options.sleep ??
      (ms => new Promise(resolve => setTimeout(resolve, ms).unref()));
  }

  /** How many Kubernetes API requests this executor has sent. */
  get requestCount(): number {
    return this.client.requestCount;
  }

  /**
   * Runs the cluster's plan from where `progress` says to its end, and returns how it
   * ended. Throws only when `progress` throws (the run then stopped like a crash and may be
   * resumed) or when `rollout` names no change of its cluster.
   */
  async execute(
    rollout: ClusterRollout,
    progress: RolloutProgress,
  ): Promise<RolloutOutcome> {
    const ofCluster = rollout.changes.filter(
      change => change.cluster === rollout.cluster,
    );
    if (ofCluster.length === 0) {
      throw new InputError(
        `rollout.changes has no change for cluster ${rollout.cluster}; give the changes of the cluster to roll out`,
      );
    }
    const [plan] = planRollout(rollout.requestId, ofCluster);
    const checkpoint = await progress.resumeFrom();
    if (checkpoint.outcome) return checkpoint.outcome;

    let reason = checkpoint.reason;
    let notCreated = checkpoint.notCreated ?? [];
    // Unknown when a run resumes the rollback: the rollout may have got anywhere.
    let rolloutTouchedPolicies = true;
    if (checkpoint.phase === 'rollout') {
      try {
        await this.runSteps('rollout', plan, checkpoint.step, progress);
        const outcome: RolloutOutcome = { status: 'completed' };
        await progress.ended(outcome);
        return outcome;
      } catch (error) {
        if (!(error instanceof StepFailure)) throw error;
        reason = `cluster ${rollout.cluster}: ${error.message}`;
        notCreated = notCreatedBy(plan, error);
        // Guards come first in a plan, so a failed guard step means no policy was touched.
        rolloutTouchedPolicies = error.step.kind !== 'create-guard';
        await progress.rollbackStarted(reason, notCreated);
      }
    }
    const [rollback] = planRollback(rollout.requestId, ofCluster, notCreated);
    const from = checkpoint.phase === 'rollback' ? checkpoint.step : 0;
    const why = reason ?? `cluster ${rollout.cluster}: a step failed`;
    try {
      await this.runSteps('rollback', rollback, from, progress);
    } catch (error) {
      if (!(error instanceof StepFailure)) throw error;
      const leftInCluster = await this.readWhatIsLeft(
        rollback,
        rolloutTouchedPolicies || error.step.kind !== 'create-guard',
      );
      const outcome: RolloutOutcome = {
        status: 'failed',
        reason: why,
        rollbackError: `rollback ${error.message}; ${describeWhatIsLeft(
          leftInCluster,
        )}`,
        ...(leftInCluster ? { leftInCluster } : {}),
      };
      await progress.ended(outcome);
      return outcome;
    }
    const outcome: RolloutOutcome = { status: 'rolled-back', reason: why };
    await progress.ended(outcome);
    return outcome;
  }

  /**
   * Which of the plan's guards stand, read back once; undefined when the cluster does not
   * answer, so the outcome claims nothing it did not see.
   */
  private async readWhatIsLeft(
    plan: ClusterRolloutPlan,
    touchedPolicies: boolean,
  ): Promise<LeftInCluster | undefined> {
    const guards: string[] = [];
    for (const step of plan.steps) {
      if (step.kind !== 'create-guard') continue;
      const name = step.guard.metadata.name!;
      try {
        await this.client.read(step.namespace, name);
        guards.push(`${step.namespace}/${name}`);
      } catch (error) {
        if (
          !(error instanceof KubernetesApiError) ||
          error.statusCode !== 404
        ) {
          return undefined;
        }
      }
    }
    return { guards, policiesUntouched: !touchedPolicies };
  }

  private async runSteps(
    phase: RolloutPhase,
    plan: ClusterRolloutPlan,
    from: number,
    progress: RolloutProgress,
  ): Promise<void> {
    for (let index = from; index < plan.steps.length; index++) {
      const step = plan.steps[index];
      await progress.started(phase, index);
      const failure = await this.runWithRetries(index, step);
      if (failure) {
        await progress.failed(phase, index, failure.message);
        throw failure;
      }
      await progress.finished(phase, index);
    }
  }

  /** Runs the step, retrying transient errors; returns why it failed, if it did. */
  private async runWithRetries(
    index: number,
    step: RolloutStep,
  ): Promise<StepFailure | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        await executeRolloutStep(this.client, step);
        return undefined;
      } catch (error) {
        if (!isTransient(error) || attempt + 1 >= this.attempts) {
          return new StepFailure(index, step, error, attempt + 1);
        }
      }
      await this.sleep(retryDelay(attempt, this.retry));
    }
  }
}

/**
 * The policies a rollout that failed at `failure` cannot have created: those whose create
 * step comes later, and the failed one when another object held its name. A create that
 * failed otherwise (a timeout, say) may have created its object, so that one is not listed.
 */
function notCreatedBy(
  plan: ClusterRolloutPlan,
  failure: StepFailure,
): PolicyName[] {
  return plan.steps.flatMap((step, index) =>
    step.kind === 'create' &&
    (index > failure.index ||
      (index === failure.index && failure.error instanceof NameTakenError))
      ? [{ namespace: step.namespace, name: step.policy.metadata.name! }]
      : [],
  );
}
