import { randomUUID } from 'node:crypto';
import type {
  AuditorService,
  AuditorServiceCreateEventOptions,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  describeRolloutStep,
  isValidNetworkPolicy,
  planRollout,
  RolloutChange,
} from '@netseal/backstage-plugin-netseal-common';
import type { ClusterDetails } from '@netseal/backstage-plugin-netseal-node';
import type { LiveView } from '../clusters';
import { createKubeConfig } from '../clusters/createKubeConfig';
import { rolloutIdentityOf } from '../clusters/rolloutIdentityOf';
import type { DriftStore } from '../database';
import type {
  RestoredPolicy,
  RestoreRecord,
  RestoreStore,
} from '../database/RestoreStore';
import type { RolloutOutcome } from '../database/RolloutProgress';
import type { RolloutRecord, RolloutStore } from '../database/RolloutStore';
import {
  RolloutExecutor,
  RolloutExecutorOptions,
} from '../rollout/RolloutExecutor';
import {
  endStatusOf,
  RolloutEndStatus,
  runRolloutClusters,
} from '../rollout/runRolloutClusters';
import { creatablePolicy } from '../rollout/creatablePolicy';
import { withRequestAnnotation } from '../rollout/withRequestAnnotation';
import { describeRestoreOutcome } from './describeRestoreOutcome';
import { restoreRefusal } from './restoreRefusal';

/** Who restores: a person from the portal, or the backend itself when it self-heals. */
export interface RestoreActor {
  /** A user's entity ref, or `system` for a self-heal. */
  userEntityRef: string;
  httpRequest?: AuditorServiceCreateEventOptions['request'];
  selfHeal?: boolean;
}

/** A restore and its execution, as stored. */
export interface RestoreView {
  restore: RestoreRecord;
  rollout: RolloutRecord;
}

/** Told once a restore ended, however it ended. */
export type RestoreListener = (view: RestoreView) => void | Promise<void>;

export interface RestoreServiceOptions {
  store: RestoreStore;
  rollouts: RolloutStore;
  /** The policy's stored drift verdict: its status, sealed manifest and seal. */
  drift: Pick<DriftStore, 'getPolicy'>;
  /** The live object replaced, as the cluster last reported it. */
  liveView: Pick<LiveView, 'networkPolicies'>;
  /** A configured cluster's details, with its rollout identity. */
  cluster: (name: string) => ClusterDetails | undefined;
  auditor: AuditorService;
  logger: LoggerService;
  notifications?: NotificationService;
  /** The executor of one cluster; replaced in tests for short retries. */
  executor?: (
    details: ClusterDetails,
    defaults: Pick<RolloutExecutorOptions, 'kubeConfig'>,
  ) => RolloutExecutor;
  /** How long a replica holds a restore without writing progress (default 5 min). */
  leaseMs?: number;
  now?: () => Date;
  newId?: () => string;
}

const ENDED_WORDS: Record<
  RolloutEndStatus,
  {
    title: (policy: string, selfHeal: boolean) => string;
    severity: 'normal' | 'high' | 'critical';
  }
> = {
  completed: {
    title: (policy, selfHeal) =>
      `Netseal ${selfHeal ? 'self-healed' : 'restored'} ${policy} to its seal`,
    severity: 'normal',
  },
  'rolled-back': {
    title: (policy, selfHeal) =>
      `Netseal could not ${
        selfHeal ? 'self-heal' : 'restore'
      } ${policy} and put the live policy back`,
    severity: 'high',
  },
  failed: {
    title: (policy, selfHeal) =>
      `Netseal's ${selfHeal ? 'self-heal' : 'restore'} of ${policy} FAILED`,
    severity: 'critical',
  },
};

function policyWords(policy: Omit<RestoredPolicy, 'entityRef'>): string {
  return `${policy.namespace}/${policy.name} in ${policy.cluster}`;
}

/**
 * DESIGN's Restore: a `drifted` or `missing` policy is put back to its sealed version by
 * the rollout's own fail-closed delete-and-recreate (`planRollout`, the rollout identity,
 * the guard policies that isolate the pods during the swap, the read-back against the
 * seal). The sealed version was reviewed when it was merged, so no request is filed. A
 * restore is stored as a rollout of kind `restore` before anything runs, holding the
 * rollout lock on its policy, so it resumes after a crash like a rollout and never runs
 * beside one.
 */
export class RestoreService {
  readonly #o: RestoreServiceOptions;
  readonly #now: () => Date;
  readonly #newId: () => string;
  readonly #owner = randomUUID();
  readonly #leaseMs: number;
  readonly #running = new Map<string, Promise<void>>();
  readonly #listeners = new Set<RestoreListener>();
  #stopped = false;

  constructor(options: RestoreServiceOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
    this.#newId = options.newId ?? randomUUID;
    this.#leaseMs = options.leaseMs ?? 5 * 60_000;
  }

  /**
   * Checks that the policy can be restored, stores the restore and starts it in the
   * background. ConflictError names why not: the policy is not `drifted` or `missing`, its
   * cluster has no rollout identity, or a rollout or another restore holds it. Audited,
   * the refusals too.
   */
  async start(
    policy: RestoredPolicy,
    actor: RestoreActor,
  ): Promise<RestoreView> {
    const selfHeal = actor.selfHeal ?? false;
    const event = await this.#o.auditor.createEvent({
      eventId: 'restore-start',
      severityLevel: 'high',
      request: actor.httpRequest,
      meta: { ...policy, actor: actor.userEntityRef, selfHeal },
    });
    try {
      const view = await this.#begin(policy, actor.userEntityRef, selfHeal);
      await event.success({
        meta: {
          restoreId: view.restore.id,
          seal: view.restore.seal,
          driftStatus: view.restore.driftStatus,
          liveDigest: view.restore.liveDigest ?? null,
          identity: view.rollout.clusters[0]?.identity ?? null,
        },
      });
      this.#kick(view.restore.id);
      return view;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  /** The restore with its progress, if there is one of that id. */
  async get(id: string): Promise<RestoreView | undefined> {
    const [restore, rollout] = await Promise.all([
      this.#o.store.get(id),
      this.#o.rollouts.get(id),
    ]);
    return restore && rollout ? { restore, rollout } : undefined;
  }

  /** The policy's restores for the entity, newest first. */
  async listOfPolicy(
    policy: RestoredPolicy,
    options: { limit: number },
  ): Promise<RestoreView[]> {
    const restores = await this.#o.store.listOfPolicy(policy, options);
    const views = await Promise.all(
      restores.map(async restore => {
        const rollout = await this.#o.rollouts.get(restore.id);
        return rollout ? [{ restore, rollout }] : [];
      }),
    );
    return views.flat();
  }

  /** Resumes every restore not ended whose lease lapsed: after a restart, or a replica that died. */
  async resumeAll(): Promise<void> {
    for (const id of await this.#o.rollouts.listUnfinished('restore')) {
      this.#kick(id);
    }
  }

  /** Calls `listener` after each restore ends; returns a function that unsubscribes. */
  subscribe(listener: RestoreListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Waits for the runs of this replica, e.g. in tests and at shutdown. */
  async settle(): Promise<void> {
    while (this.#running.size > 0) {
      await Promise.allSettled([...this.#running.values()]);
    }
  }

  /** Stops starting new steps: runs stop as a crash would, to be resumed later. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.settle();
  }

  async #begin(
    policy: RestoredPolicy,
    requestedBy: string,
    selfHeal: boolean,
  ): Promise<RestoreView> {
    const words = policyWords(policy);
    const verdict = await this.#o.drift.getPolicy(policy);
    if (!verdict) {
      throw new NotFoundError(
        `${policy.entityRef} has no policy ${words}; restore one of its sealed policies`,
      );
    }
    const refusal = restoreRefusal(verdict);
    if (refusal) throw new ConflictError(refusal);
    const sealed = verdict.sealedManifest;
    if (!isValidNetworkPolicy(sealed) || !verdict.seal) {
      throw new ConflictError(
        `${words} has no valid sealed manifest stored yet; wait for the next read of the policy source, then restore it`,
      );
    }
    const details = this.#o.cluster(policy.cluster);
    const identity = details && (await rolloutIdentityOf(details));
    if (!identity) {
      throw new ConflictError(
        details
          ? `cluster ${policy.cluster} has no rollout identity; set netseal.clusters[].rollout (a token or kubeconfig context allowed to delete and create NetworkPolicies) for it, then restore again`
          : `cluster ${policy.cluster} is not configured any more; configure it in netseal.clusters, then restore again`,
      );
    }
    // The object replaced is the one live now, not the one last judged: its pods are
    // the ones the guards must isolate during the swap.
    const live = this.#o.liveView
      .networkPolicies(policy.cluster)
      .find(
        candidate =>
          candidate.metadata?.namespace === policy.namespace &&
          candidate.metadata?.name === policy.name,
      );
    const id = this.#newId();
    const change: RolloutChange = {
      op: live ? 'replace' : 'add',
      cluster: policy.cluster,
      namespace: policy.namespace,
      name: policy.name,
      ...(live ? { oldPolicy: creatablePolicy(live) } : {}),
      newPolicy: withRequestAnnotation(sealed, id),
      newSeal: verdict.seal,
    };
    const [plan] = planRollout(id, [change]);
    const stored = await this.#o.store.create(
      {
        id,
        ...policy,
        driftStatus: verdict.status as 'drifted' | 'missing',
        seal: verdict.seal,
        ...(verdict.liveDigest ? { liveDigest: verdict.liveDigest } : {}),
        requestedBy,
        selfHeal,
      },
      {
        startedBy: requestedBy,
        approvedBy: [],
        changes: [change],
        clusters: [
          {
            cluster: policy.cluster,
            identity,
            steps: plan.steps.map(describeRolloutStep),
          },
        ],
      },
      this.#now(),
    );
    if ('heldBy' in stored) {
      const holder = await this.#o.rollouts.get(stored.heldBy.requestId);
      throw new ConflictError(
        `${words} is locked: ${
          holder?.kind === 'restore'
            ? `restore ${stored.heldBy.requestId} is restoring it`
            : `request ${stored.heldBy.requestId} is rolling it out`
        }; look at it again once that one ended`,
      );
    }
    return (await this.get(id))!;
  }

  #kick(id: string): void {
    if (this.#running.has(id) || this.#stopped) return;
    const run = this.#run(id)
      .catch(error =>
        this.#o.logger.error(
          `Restore ${id} stopped and resumes later: ${
            (error as Error).message
          }`,
        ),
      )
      .finally(() => this.#running.delete(id));
    this.#running.set(id, run);
  }

  async #claim(id: string): Promise<boolean> {
    const now = this.#now();
    return this.#o.rollouts.claimLease(
      id,
      this.#owner,
      new Date(now.getTime() + this.#leaseMs),
      now,
    );
  }

  async #run(id: string): Promise<void> {
    const { rollouts } = this.#o;
    if (!(await this.#claim(id))) return;
    try {
      const view = await this.get(id);
      if (!view || !['queued', 'running'].includes(view.rollout.status)) {
        return;
      }
      await rollouts.setStatus(id, { status: 'running' });
      const outcomes = await runRolloutClusters({
        record: view.rollout,
        store: rollouts,
        cluster: this.#o.cluster,
        executor: details => this.#executor(details),
        now: this.#now,
        afterWrite: async () => {
          if (this.#stopped) throw new Error('the backend is stopping');
          if (!(await this.#claim(id))) {
            throw new Error('another replica took the restore over');
          }
        },
      });
      await this.#end(view, outcomes);
    } finally {
      await rollouts.releaseLease(id, this.#owner).catch(() => undefined);
    }
  }

  async #end(
    started: RestoreView,
    outcomes: { cluster: string; outcome: RolloutOutcome }[],
  ): Promise<void> {
    const { rollouts } = this.#o;
    const { restore } = started;
    const status = endStatusOf(outcomes);
    const summary = describeRestoreOutcome(restore, outcomes[0]?.outcome);
    await rollouts.setStatus(restore.id, { status, endedAt: this.#now() });
    await rollouts.releaseLocks(restore.id);
    const view = (await this.get(restore.id))!;
    const event = await this.#o.auditor.createEvent({
      eventId: 'restore',
      severityLevel: status === 'failed' ? 'critical' : 'high',
      meta: {
        restoreId: restore.id,
        entityRef: restore.entityRef,
        cluster: restore.cluster,
        namespace: restore.namespace,
        name: restore.name,
        requestedBy: restore.requestedBy,
        selfHeal: restore.selfHeal,
        seal: restore.seal,
        clusters: view.rollout.clusters.map(cluster => ({
          cluster: cluster.cluster,
          identity: cluster.identity,
          status: cluster.status,
          steps: cluster.steps
            .filter(step => step.status !== 'pending')
            .map(
              step =>
                `${step.phase} ${step.index + 1}: ${step.description} (${
                  step.status
                })`,
            ),
        })),
      },
    });
    if (status === 'completed') {
      await event.success({ meta: { status } });
    } else {
      await event.fail({ error: new Error(summary) });
    }
    if (status === 'failed') {
      this.#o.logger.error(
        `ALERT: restore ${restore.id} of ${policyWords(
          restore,
        )} failed and its rollback too. ${summary}`,
      );
    }
    await this.#tell(restore, status, summary);
    for (const listener of this.#listeners) {
      await Promise.resolve()
        .then(() => listener(view))
        .catch(error =>
          this.#o.logger.warn(
            `Restore ${restore.id} ended, but a listener failed: ${
              (error as Error).message
            }`,
          ),
        );
    }
  }

  /** The outcome to the entity's owners, and to the person who asked for it. */
  async #tell(
    restore: RestoreRecord,
    status: RolloutEndStatus,
    summary: string,
  ): Promise<void> {
    const words = ENDED_WORDS[status];
    await this.#o.notifications
      ?.send({
        recipients: {
          type: 'entity',
          entityRef: restore.selfHeal
            ? [restore.entityRef]
            : [restore.entityRef, restore.requestedBy],
        },
        payload: {
          title: words.title(policyWords(restore), restore.selfHeal),
          description: `It was ${restore.driftStatus}${
            restore.liveDigest ? ` (live digest ${restore.liveDigest})` : ''
          }; the seal is ${restore.seal}. ${summary}`,
          severity: words.severity,
          topic: restore.selfHeal ? 'netseal-self-heal' : 'netseal-restore',
          scope: `netseal:restore:${restore.id}`,
        },
      })
      .catch(error =>
        this.#o.logger.warn(
          `Could not notify about restore ${restore.id}: ${
            (error as Error).message
          }`,
        ),
      );
  }

  #executor(details: ClusterDetails): RolloutExecutor {
    const kubeConfig = createKubeConfig(details, details.rolloutAuth);
    return this.#o.executor
      ? this.#o.executor(details, { kubeConfig })
      : new RolloutExecutor({ kubeConfig });
  }
}
