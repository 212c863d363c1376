import { randomUUID } from 'node:crypto';
import type {
  AuditorService,
  AuditorServiceCreateEventOptions,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  describeRolloutStep,
  NetworkPolicy,
  planRollout,
  RolloutChange,
} from '@netseal/backstage-plugin-netseal-common';
import {
  ClusterDetails,
  isChangeProviderError,
  NetsealChangeProvider,
} from '@netseal/backstage-plugin-netseal-node';
import type { LiveView } from '../clusters';
import { createKubeConfig } from '../clusters/createKubeConfig';
import { ChangeProviderFailure } from '../errors/ChangeProviderFailure';
import type {
  RequestState,
  RequestStore,
  StoredRequest,
} from '../database/RequestStore';
import { judgeLiveRemovals } from './judgeLiveRemovals';
import { judgeMergedChange, policyKey } from './judgeMergedChange';
import { RolloutExecutor, RolloutExecutorOptions } from './RolloutExecutor';
import type { RolloutOutcome } from '../database/RolloutProgress';
import type {
  RolloutRecord,
  RolloutStatus,
  RolloutStore,
} from '../database/RolloutStore';
import { rolloutIdentityOf } from '../clusters/rolloutIdentityOf';
import { creatablePolicy } from './creatablePolicy';
import { withRequestAnnotation } from './withRequestAnnotation';
import { describeRolloutOutcome } from './describeRolloutOutcome';
import { endStatusOf, runRolloutClusters } from './runRolloutClusters';

/** Who starts a rollout: a person from the portal, or the backend on merge. */
export interface RolloutActor {
  userEntityRef: string;
  httpRequest?: AuditorServiceCreateEventOptions['request'];
}

const SYSTEM: RolloutActor = { userEntityRef: 'system' };

type EndStatus = Exclude<RolloutStatus, 'queued' | 'running'>;

/** How the end of a rollout is told: the words of its title and the notification's weight. */
const OUTCOME_WORDS: Record<
  EndStatus,
  { title: (id: string) => string; severity: 'normal' | 'high' | 'critical' }
> = {
  completed: {
    title: id => `Netseal rolled out request ${id}`,
    severity: 'normal',
  },
  'rolled-back': {
    title: id => `Netseal rolled back request ${id}`,
    severity: 'high',
  },
  failed: {
    title: id => `Netseal could not roll out request ${id}`,
    severity: 'critical',
  },
};

const REQUEST_STATE_OF: Record<EndStatus, RequestState> = {
  completed: 'completed',
  'rolled-back': 'rolled-back',
  failed: 'failed',
};

/**
 * What the rollout needs of the replacement requests: read them, move them on (each move
 * audited and told to the other listeners), and hear of their transitions.
 */
export interface RolloutRequests {
  getStored(id: string): Promise<StoredRequest>;
  transition(
    id: string,
    options: {
      to: RequestState;
      actor: string;
      reason?: string;
      error?: { kind: string; message: string };
      httpRequest?: AuditorServiceCreateEventOptions['request'];
    },
  ): Promise<StoredRequest>;
  list(
    options: Parameters<RequestStore['list']>[0],
  ): Promise<{ items: StoredRequest[] }>;
  /** Calls `listener` after each transition; returns a function that unsubscribes. */
  subscribe(listener: (request: StoredRequest) => void): () => void;
}

export interface RolloutServiceOptions {
  requests: RolloutRequests;
  store: RolloutStore;
  /** The installed change providers, to verify a merge with its Git host. */
  providers: readonly NetsealChangeProvider[];
  /** A configured cluster's details, with its rollout identity. */
  cluster: (name: string) => ClusterDetails | undefined;
  /** The live objects, for requests filed before the old manifest was stored with them. */
  liveView: LiveView;
  auditor: AuditorService;
  logger: LoggerService;
  notifications?: NotificationService;
  requiredApprovals: number;
  /** Whether a merge starts its rollout; otherwise the portal starts it. */
  autoStart: boolean;
  /** The request's page in the portal, which notifications link to. */
  requestPageUrl?: (request: StoredRequest) => string | undefined;
  /** The executor of one cluster; replaced in tests for short retries. */
  executor?: (
    details: ClusterDetails,
    defaults: Pick<RolloutExecutorOptions, 'kubeConfig'>,
  ) => RolloutExecutor;
  /** How long a replica holds a rollout without writing progress (default 5 min). */
  leaseMs?: number;
  now?: () => Date;
}

/**
 * The replacement request state machine's back half (DESIGN rules 1-3): a merged request
 * is verified with its Git host, then its rollout is planned once, persisted, and run
 * cluster by cluster with the rollout identity, holding database locks on its policies
 * and a lease that lets one replica at a time run it. A restarted backend, or another
 * replica once the lease lapses, resumes from the stored progress.
 */
export class RolloutService {
  readonly #o: RolloutServiceOptions;
  readonly #now: () => Date;
  readonly #owner = randomUUID();
  readonly #leaseMs: number;
  readonly #running = new Map<string, Promise<void>>();
  /** Starts in flight here: a merge seen by an event and by the poll at once starts once. */
  readonly #starting = new Map<string, Promise<RolloutRecord>>();
  #stopped = false;

  readonly #unsubscribe: () => void;

  constructor(options: RolloutServiceOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
    this.#leaseMs = options.leaseMs ?? 5 * 60_000;
    this.#unsubscribe = options.requests.subscribe(request =>
      this.onTransition(request),
    );
  }

  /** The request's rollout as stored, if it has one. */
  get(requestId: string): Promise<RolloutRecord | undefined> {
    return this.#o.store.get(requestId);
  }

  /** Told of each request transition: a merge starts the rollout when configured to. */
  onTransition(request: StoredRequest): void {
    if (!this.#o.autoStart || request.state !== 'merged') return;
    this.start(request.id, SYSTEM).catch(error =>
      this.#o.logger.warn(
        `The rollout of request ${request.id} did not start: ${
          (error as Error).message
        }`,
      ),
    );
  }

  /**
   * Verifies the merged request with its Git host and starts its rollout in the
   * background; resumes it when it was started before. Refusals of the approval move the
   * request to `failed` and throw ConflictError naming every reason.
   */
  start(requestId: string, actor: RolloutActor): Promise<RolloutRecord> {
    const inFlight = this.#starting.get(requestId);
    if (inFlight) return inFlight;
    const started = this.#start(requestId, actor).finally(() =>
      this.#starting.delete(requestId),
    );
    this.#starting.set(requestId, started);
    return started;
  }

  async #start(requestId: string, actor: RolloutActor): Promise<RolloutRecord> {
    const existing = await this.#o.store.get(requestId);
    if (existing) {
      if (existing.status === 'queued' || existing.status === 'running') {
        this.#kick(requestId);
        return existing;
      }
      throw new ConflictError(
        `the rollout of request ${requestId} has ended (${existing.status}); file a new request to change the policies again`,
      );
    }
    const request = await this.#o.requests.getStored(requestId);
    if (request.state !== 'merged') {
      throw new ConflictError(
        `request ${requestId} is ${
          request.state
        }; only a merged request rolls out${
          ['open', 'approved'].includes(request.state)
            ? ', so get its approvals and merge it first'
            : ''
        }`,
      );
    }
    const provider = this.#o.providers.find(
      candidate => candidate.id === request.changeRef?.providerId,
    );
    if (!request.changeRef || !provider) {
      throw new ConflictError(
        `request ${requestId} has no change on an installed provider (${
          request.changeRef?.providerId ?? 'none'
        }); its approval cannot be verified, so it does not roll out`,
      );
    }
    const clusters = await this.#rolloutClusters(request);

    const check = await this.#o.auditor.createEvent({
      eventId: 'rollout-approval-check',
      severityLevel: 'high',
      request: actor.httpRequest,
      meta: {
        requestId,
        entityRef: request.entityRef,
        actor: actor.userEntityRef,
      },
    });
    let merged;
    try {
      merged = await provider.getMergedChange(request.changeRef, {
        requiredApprovals: this.#o.requiredApprovals,
        requester: {
          userEntityRef: request.requester,
          ...(request.requesterLogin ? { login: request.requesterLogin } : {}),
        },
        paths: [...new Set(request.changes.map(change => change.file))],
      });
    } catch (error) {
      await check.fail({ error: error as Error });
      if (isChangeProviderError(error)) {
        throw new ChangeProviderFailure(error.kind, error.message, error);
      }
      throw error;
    }
    const judgement = judgeMergedChange({
      request,
      merged,
      requiredApprovals: this.#o.requiredApprovals,
    });
    if (!judgement.ok) {
      const message = `the rollout is refused: ${judgement.reasons.join('; ')}`;
      await check.fail({ error: new ConflictError(message) });
      await this.#o.requests.transition(requestId, {
        to: 'failed',
        actor: actor.userEntityRef,
        reason: message,
        error: { kind: 'approval-refused', message },
        httpRequest: actor.httpRequest,
      });
      await this.#tell(request, 'failed', message, provider);
      throw new ConflictError(message);
    }
    // A cluster another replica watches is listed here once, for the old policies.
    await this.#o.liveView.load([
      ...new Set(request.changes.map(change => change.cluster)),
    ]);
    const changedLive = judgeLiveRemovals(request.changes, change =>
      this.#livePolicy(change),
    );
    if (changedLive.length > 0) {
      const message = `the rollout is refused: ${changedLive.join('; ')}`;
      await check.fail({ error: new ConflictError(message) });
      await this.#o.requests.transition(requestId, {
        to: 'failed',
        actor: actor.userEntityRef,
        reason: message,
        error: { kind: 'live-object-changed', message },
        httpRequest: actor.httpRequest,
      });
      await this.#tell(request, 'failed', message, provider);
      throw new ConflictError(message);
    }
    await check.success({
      meta: {
        approvedBy: judgement.approvedBy,
        mergedBy: merged.mergedBy ?? null,
        mergeCommitSha: merged.mergeCommitSha ?? null,
      },
    });
    const changes = this.#rolloutChanges(request, judgement.mergedPolicies);
    const plans = planRollout(requestId, changes);
    const record = await this.#o.store.begin(
      {
        requestId,
        startedBy: actor.userEntityRef,
        ...(merged.mergeCommitSha
          ? { mergeCommitSha: merged.mergeCommitSha }
          : {}),
        ...(merged.mergedBy ? { mergedBy: merged.mergedBy } : {}),
        approvedBy: judgement.approvedBy,
        changes,
        clusters: plans.map(plan => ({
          cluster: plan.cluster,
          identity: clusters.get(plan.cluster)!,
          steps: plan.steps.map(describeRolloutStep),
        })),
      },
      this.#now(),
    );
    await this.#o.requests.transition(requestId, {
      to: 'rolling-out',
      actor: actor.userEntityRef,
      reason: `approved by ${judgement.approvedBy.join(', ')}; merged${
        merged.mergedBy ? ` by ${merged.mergedBy}` : ''
      }${merged.mergeCommitSha ? ` as ${merged.mergeCommitSha}` : ''}`,
      httpRequest: actor.httpRequest,
    });
    const startEvent = await this.#o.auditor.createEvent({
      eventId: 'rollout-start',
      severityLevel: 'high',
      request: actor.httpRequest,
      meta: {
        requestId,
        entityRef: request.entityRef,
        actor: actor.userEntityRef,
        approvedBy: judgement.approvedBy,
        mergedBy: merged.mergedBy ?? null,
        mergeCommitSha: merged.mergeCommitSha ?? null,
        identities: Object.fromEntries(clusters),
      },
    });
    await startEvent.success();
    this.#kick(requestId);
    return record;
  }

  /**
   * Resumes every rollout not ended whose lease lapsed (after a restart, or a replica
   * that died), and, when rollouts start on merge, starts those of merged requests that
   * have none yet (a merge seen while the backend was down).
   */
  async resumeAll(): Promise<void> {
    for (const requestId of await this.#o.store.listUnfinished()) {
      this.#kick(requestId);
    }
    if (!this.#o.autoStart) return;
    const { items } = await this.#o.requests.list({
      state: 'merged',
      limit: 100,
    });
    for (const request of items) {
      this.onTransition(request);
    }
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
    this.#unsubscribe();
    await this.settle();
  }

  /** The rollout identity of each cluster of the request; refuses a cluster without one. */
  async #rolloutClusters(request: StoredRequest): Promise<Map<string, string>> {
    const identities = new Map<string, string>();
    for (const name of new Set(request.changes.map(change => change.cluster))) {
      const details = this.#o.cluster(name);
      const identity = details && (await rolloutIdentityOf(details));
      if (!identity) {
        throw new ConflictError(
          details
            ? `cluster ${name} has no rollout identity; set netseal.clusters[].rollout (a token or kubeconfig context allowed to delete and create NetworkPolicies) for it, then start the rollout again`
            : `cluster ${name} is not configured any more; configure it in netseal.clusters, then start the rollout again`,
        );
      }
      identities.set(name, identity);
    }
    return identities;
  }

  /** The plan's input: each change with its old policy and the new one as merged. */
  #rolloutChanges(
    request: StoredRequest,
    mergedPolicies: Map<string, NetworkPolicy>,
  ): RolloutChange[] {
    return request.changes.map(change => {
      // An add carries an old policy only when it adopts a live-only one into Git: the
      // live object it was filed against, which the rollout replaces like a sealed one.
      const oldManifest =
        change.op === 'add'
          ? change.oldManifest
          : change.oldManifest ?? this.#livePolicy(change);
      const oldPolicy = oldManifest && creatablePolicy(oldManifest);
      // judgeMergedChange found every added or replaced policy in the merged files.
      const merged =
        change.op === 'remove'
          ? undefined
          : mergedPolicies.get(policyKey(change));
      const newPolicy = merged && withRequestAnnotation(merged, request.id);
      return {
        op: change.op === 'add' && oldPolicy ? 'replace' : change.op,
        cluster: change.cluster,
        namespace: change.namespace,
        name: change.name,
        ...(oldPolicy ? { oldPolicy } : {}),
        ...(newPolicy ? { newPolicy } : {}),
        ...(change.newSeal ? { newSeal: change.newSeal } : {}),
      };
    });
  }

  #livePolicy(change: {
    cluster: string;
    namespace: string;
    name: string;
  }): NetworkPolicy | undefined {
    try {
      return this.#o.liveView
        .networkPolicies(change.cluster)
        .find(
          policy =>
            policy.metadata?.namespace === change.namespace &&
            policy.metadata?.name === change.name,
        );
    } catch {
      return undefined;
    }
  }

  #kick(requestId: string): void {
    if (this.#running.has(requestId) || this.#stopped) return;
    const run = this.#run(requestId)
      .catch(error =>
        this.#o.logger.error(
          `The rollout of request ${requestId} stopped and resumes later: ${
            (error as Error).message
          }`,
        ),
      )
      .finally(() => this.#running.delete(requestId));
    this.#running.set(requestId, run);
  }

  async #claim(requestId: string): Promise<boolean> {
    const now = this.#now();
    return this.#o.store.claimLease(
      requestId,
      this.#owner,
      new Date(now.getTime() + this.#leaseMs),
      now,
    );
  }

  async #run(requestId: string): Promise<void> {
    const { store } = this.#o;
    if (!(await this.#claim(requestId))) return;
    try {
      const record = await store.get(requestId);
      if (!record || !['queued', 'running'].includes(record.status)) return;
      const locked = await store.acquireLocks(
        requestId,
        record.changes.map(({ cluster, namespace, name }) => ({
          cluster,
          namespace,
          name,
        })),
        this.#now(),
      );
      if ('heldBy' in locked) {
        const { heldBy } = locked;
        const holder = await store.get(heldBy.requestId);
        await store.setStatus(requestId, {
          status: 'queued',
          waitingFor: `${
            holder?.kind === 'restore'
              ? `restore ${heldBy.requestId} is restoring`
              : `request ${heldBy.requestId} is rolling out`
          } ${heldBy.namespace}/${heldBy.name} in ${
            heldBy.cluster
          }; this rollout starts when that one ends`,
        });
        return;
      }
      await store.setStatus(requestId, { status: 'running' });

      const outcomes = await runRolloutClusters({
        record,
        store,
        cluster: this.#o.cluster,
        executor: details => this.#executor(details),
        now: this.#now,
        afterWrite: async () => {
          if (this.#stopped) {
            throw new Error('the backend is stopping');
          }
          if (!(await this.#claim(requestId))) {
            throw new Error('another replica took the rollout over');
          }
        },
      });
      await this.#end(record, outcomes);
    } finally {
      await store.releaseLease(requestId, this.#owner).catch(() => undefined);
    }
  }

  async #end(
    record: RolloutRecord,
    outcomes: { cluster: string; outcome: RolloutOutcome }[],
  ): Promise<void> {
    const { store } = this.#o;
    const { requestId } = record;
    const status = endStatusOf(outcomes);
    const summary = describeRolloutOutcome(
      record.clusters.map(cluster => cluster.cluster),
      outcomes,
    );
    await store.setStatus(requestId, { status, endedAt: this.#now() });
    await store.releaseLocks(requestId);
    const request = await this.#o.requests.transition(requestId, {
      to: REQUEST_STATE_OF[status],
      actor: 'system',
      reason: summary,
      ...(status === 'completed'
        ? {}
        : { error: { kind: `rollout-${status}`, message: summary } }),
    });
    const ended = (await store.get(requestId))!;
    const event = await this.#o.auditor.createEvent({
      eventId: 'rollout',
      severityLevel: status === 'failed' ? 'critical' : 'high',
      meta: {
        requestId,
        entityRef: request.entityRef,
        startedBy: ended.startedBy,
        approvedBy: ended.approvedBy,
        mergedBy: ended.mergedBy ?? null,
        mergeCommitSha: ended.mergeCommitSha ?? null,
        clusters: ended.clusters.map(cluster => ({
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
      // Guards may stand and pods be isolated (the summary says which): someone must look now.
      this.#o.logger.error(
        `ALERT: the rollout of request ${requestId} failed and its rollback too. ${summary}`,
      );
    }
    const provider = this.#o.providers.find(
      candidate => candidate.id === request.changeRef?.providerId,
    );
    await this.#tell(request, status, summary, provider);
  }

  /** The outcome on the pull request and to the requester and the entity's owners. */
  async #tell(
    request: StoredRequest,
    status: EndStatus,
    summary: string,
    provider: NetsealChangeProvider | undefined,
  ): Promise<void> {
    const { severity } = OUTCOME_WORDS[status];
    const title = OUTCOME_WORDS[status].title(request.id);
    if (provider && request.changeRef) {
      await provider
        .commentOnChange(request.changeRef, `**${title}**\n\n${summary}\n`)
        .catch(error =>
          this.#o.logger.warn(
            `Could not comment on ${request.changeRef?.url}: ${
              (error as Error).message
            }`,
          ),
        );
    }
    await this.#o.notifications
      ?.send({
        recipients: {
          type: 'entity',
          entityRef: [request.entityRef, request.requester],
        },
        payload: {
          title,
          description: summary,
          severity,
          topic: 'netseal-rollout',
          scope: `netseal:rollout:${request.id}`,
          // The request's page shows the rollout step by step; without the portal's
          // address, a pull request's page. The notifications backend takes web links
          // only, and a local change's URL is a file: URL.
          ...(this.#notificationLink(request)
            ? { link: this.#notificationLink(request) }
            : {}),
        },
      })
      .catch(error =>
        this.#o.logger.warn(
          `Could not notify about request ${request.id}: ${
            (error as Error).message
          }`,
        ),
      );
  }

  #notificationLink(request: StoredRequest): string | undefined {
    const page = this.#o.requestPageUrl?.(request);
    if (page) return page;
    const changeUrl = request.changeRef?.url;
    return changeUrl && /^https?:\/\//i.test(changeUrl) ? changeUrl : undefined;
  }

  #executor(details: ClusterDetails): RolloutExecutor {
    const kubeConfig = createRolloutKubeConfig(details);
    return this.#o.executor
      ? this.#o.executor(details, { kubeConfig })
      : new RolloutExecutor({ kubeConfig });
  }
}

function createRolloutKubeConfig(details: ClusterDetails) {
  return createKubeConfig(details, details.rolloutAuth);
}
