import type {
  AuditorService,
  AuditorServiceCreateEventOptions,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import {
  ClusterAccessChanges,
  computeSeal,
  DriftStatus,
  NetworkPolicy,
  podsLeftNonIsolated,
  policySelectsService,
  RequestChange,
  RequestContext,
  RequestProblem,
  RequestValidation,
  ServicePods,
  servicePodsFromAnnotations,
  validateRequestChanges,
  editManifestFile,
  findManifestDocument,
  unsafeTextProblem,
} from '@netseal/backstage-plugin-netseal-common';
import {
  ChangeRef,
  ChangeState,
  isChangeProviderError,
  LiveRemoval,
  NetsealChangeProvider,
} from '@netseal/backstage-plugin-netseal-node';
import { stringify } from 'yaml';
import type { LiveView } from '../clusters';
import type { DriftStore } from '../database';
import type { PolicySourceFileReader } from '../sources/PolicySourceReader';
import { resolvePolicySourceUrl } from '../sources/resolvePolicySourceUrl';
import {
  analyseRequestAccess,
  ClusterAccessAnalyser,
} from './analyseRequestAccess';
import type { RequestWorkers } from './RequestWorkers';
import { AccessAnalysisTooLargeError } from '../errors/AccessAnalysisTooLargeError';
import {
  DescribedChange,
  describeRequestChange,
} from './describeRequestChange';
import { UNDECIDED_STATES } from '../database/RequestStore';
import type {
  RequestReviewSnapshot,
  RequestState,
  RequestStore,
  StoredRequest,
  StoredLiveObject,
  StoredRequestChange,
} from '../database/RequestStore';
import { ChangeProviderFailure } from '../errors/ChangeProviderFailure';
import { IdempotencyKeyReusedError } from '../errors/IdempotencyKeyReusedError';
import { requestFingerprint } from './requestFingerprint';
import { isWebUrl } from './requestPortalUrl';

/** Who acts, as the routes know them. */
export interface RequestActor {
  userEntityRef: string;
  /** Their login on the Git host, from their catalog user, when known. */
  login?: string;
  credentials: BackstageCredentials;
  /**
   * The HTTP request they act by, passed on to the auditor, which records the actor and
   * their IP address from it; without it an event names the plugin as its actor.
   */
  httpRequest?: AuditorServiceCreateEventOptions['request'];
}

/** Whether two catalog user refs name one user: refs are compared without case. */
function sameUser(a: string, b: string): boolean {
  return a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
}

/** The requester as change providers know them: catalog user and Git host login. */
function requesterOf(request: StoredRequest) {
  return {
    userEntityRef: request.requester,
    ...(request.requesterLogin ? { login: request.requesterLogin } : {}),
  };
}

/** The drift status now of one policy a request changes, as the drift store holds it. */
export interface ChangedPolicyStatus {
  cluster: string;
  namespace: string;
  name: string;
  /** Absent when the policy is not tracked (yet), such as one the request adds. */
  status?: DriftStatus;
  reason?: string;
  checkedAt?: string;
}

/** Who caused a transition that a read of the change finds: a person's action in the portal. */
interface TransitionCause {
  actor: string;
  /** What they did, e.g. `approved in the portal`. */
  action: string;
  httpRequest?: AuditorServiceCreateEventOptions['request'];
}

/** A request's input made ready to commit, or every problem that stops it. */
type PreparedRequest =
  | {
      ok: true;
      provider: NetsealChangeProvider;
      policySourceUrl: string;
      /** As stored, with the resealed text. */
      changes: StoredRequestChange[];
      /** The files the change writes, whole: each edited policy's document spliced in. */
      files: { path: string; content: string | null }[];
      /** The live-only policies it removes, which no file holds. */
      liveRemovals: LiveRemoval[];
      /** As the pull request and the preview show them. */
      described: DescribedChange[];
      accessChanges: ClusterAccessChanges[];
    }
  | { ok: false; problems: RequestProblem[] };

/** What filing a request would do, or every problem that stops it. */
export type PreviewedRequest =
  | { ok: false; problems: RequestProblem[] }
  | {
      ok: true;
      providerId: string;
      /** Each change as the pull request shows it, and whether it selects the entity's own pods. */
      changes: DescribedChange[];
      accessChanges: ClusterAccessChanges[];
    };

/**
 * How a request looks after a refresh from its provider: `request.reviewed` holds the
 * reviews just read, and `change` the whole state read, when the host answered.
 */
export interface RequestView {
  request: StoredRequest;
  change?: ChangeState;
}

const CHANGE_TO_REQUEST_STATE: Record<ChangeState['state'], RequestState> = {
  open: 'open',
  approved: 'approved',
  merged: 'merged',
  closed: 'closed',
};

/** Told of a request's change of state, once stored; `request` as stored after. */
export type RequestTransitionListener = (
  request: StoredRequest,
  from: RequestState,
) => Promise<void> | void;

/**
 * The replacement request state machine's front half: filing a request as a change on
 * the policy source's Git host, following its state there, and reviewing and merging
 * the changes of the local Git provider. It knows nothing of HTTP or SQL.
 */
export class RequestService {
  readonly #store: RequestStore;
  readonly #driftStore: DriftStore;
  readonly #liveView: LiveView;
  readonly #sources: PolicySourceFileReader;
  readonly #providers: readonly NetsealChangeProvider[];
  readonly #auditor: AuditorService;
  readonly #logger: LoggerService;
  readonly #requiredApprovals: number;
  readonly #portalUrl: (request: StoredRequest) => string | undefined;
  readonly #now: () => Date;
  readonly #listeners = new Set<RequestTransitionListener>();
  readonly #workers?: Pick<RequestWorkers, 'run'>;
  readonly #accessAnalysisBudget?: number;

  constructor(options: {
    store: RequestStore;
    driftStore: DriftStore;
    liveView: LiveView;
    /** Reads the files a request edits, so that their other policies are kept. */
    sources: PolicySourceFileReader;
    /** Asked in order; the first that supports a policy source opens its changes. */
    providers: readonly NetsealChangeProvider[];
    auditor: AuditorService;
    logger: LoggerService;
    requiredApprovals: number;
    /** The request's own page in the portal, when the portal's address is known. */
    portalUrl?: (request: StoredRequest) => string | undefined;
    now?: () => Date;
    /**
     * Worker threads for the CPU-heavy steps (validation, access analysis), so the event
     * loop stays free; in-process when left out.
     */
    workers?: Pick<RequestWorkers, 'run'>;
    /** Flow checks one cluster's access analysis may cost; common's default when left out. */
    accessAnalysisBudget?: number;
  }) {
    this.#store = options.store;
    this.#driftStore = options.driftStore;
    this.#liveView = options.liveView;
    this.#sources = options.sources;
    this.#providers = options.providers;
    this.#auditor = options.auditor;
    this.#logger = options.logger;
    this.#requiredApprovals = options.requiredApprovals;
    this.#portalUrl = options.portalUrl ?? (() => undefined);
    this.#now = options.now ?? (() => new Date());
    this.#workers = options.workers;
    this.#accessAnalysisBudget = options.accessAnalysisBudget;
  }

  /** The request's own page in the portal, which opens its drawer. */
  portalUrl(request: StoredRequest): string | undefined {
    return this.#portalUrl(request);
  }

  /**
   * Where a person looks at the request: its pull request on a Git host, else its page
   * in the portal (a local change's `file:` URL opens in no browser).
   */
  #link(request: StoredRequest): string | undefined {
    return isWebUrl(request.changeRef?.url)
      ? request.changeRef!.url
      : this.#portalUrl(request);
  }

  /**
   * What filing the changes would do: each change validated and resealed as `create`
   * would, with its manifest diff and whether it selects the entity's own pods, and the
   * access paths it opens and closes in each target cluster. Nothing is stored, sent or
   * audited; bad changes and a policy source no provider supports come back as problems.
   */
  async preview(input: {
    entity: Entity;
    entityRef: string;
    changes: RequestChange[];
  }): Promise<PreviewedRequest> {
    const prepared = await this.#prepare(input);
    if (!prepared.ok) {
      return { ok: false, problems: prepared.problems };
    }
    return {
      ok: true,
      providerId: prepared.provider.id,
      changes: prepared.described,
      accessChanges: prepared.accessChanges,
    };
  }

  /**
   * A sealed policy's document as the policy source holds it now, comments kept: what a
   * change request starts from. Read from the Git host on each call.
   */
  async readPolicySource(input: {
    entity: Entity;
    entityRef: string;
    cluster: string;
    namespace: string;
    name: string;
  }): Promise<{ file: string; text: string }> {
    const { entityRef, cluster, namespace, name } = input;
    const records = await this.#driftStore.listEntityPolicies(entityRef);
    const file = records.find(
      record =>
        record.cluster === cluster &&
        record.namespace === namespace &&
        record.name === name,
    )?.source?.file;
    if (!file) {
      throw new NotFoundError(
        `${entityRef} has no policy ${namespace}/${name} in cluster ${cluster} in its policy source`,
      );
    }
    const policySourceUrl = resolvePolicySourceUrl(input.entity);
    const texts = await this.#sources
      .readFiles(policySourceUrl, [file])
      .catch(error => {
        throw new ServiceUnavailableError(
          `the policy source ${policySourceUrl} cannot be read (${
            (error as Error).message
          }); try again later`,
        );
      });
    const text = texts.get(file);
    const found =
      text === undefined
        ? { problem: `${file} is no longer in the policy source` }
        : findManifestDocument({ file, text, namespace, name });
    if ('problem' in found) {
      throw new NotFoundError(
        `${found.problem}; the source changed since it was last read, so wait for the next read (netseal.policySources.refreshInterval) and try again`,
      );
    }
    return { file, text: found.document };
  }

  /**
   * Validates the changes against what the store knows of the entity, stores the request
   * and opens its change. Nothing is stored or sent when the input is bad.
   */
  async create(input: {
    entity: Entity;
    entityRef: string;
    reason: string;
    changes: RequestChange[];
    idempotencyKey?: string;
    actor: RequestActor;
  }): Promise<{ request: StoredRequest; created: boolean }> {
    const { entityRef, actor } = input;
    const reason = input.reason.trim();
    if (!reason) {
      throw new InputError(
        'reason is empty; say why the policies should change',
      );
    }
    // The reason goes into the commit, the pull request and the audit log as written.
    const unsafeReason = unsafeTextProblem(reason, { multiline: true });
    if (unsafeReason) {
      throw new InputError(`reason ${unsafeReason}`);
    }
    checkIdempotencyKey(input.idempotencyKey);
    const { idempotencyKey } = input;
    const fingerprint = idempotencyKey
      ? requestFingerprint({
          entityRef,
          reason: input.reason,
          changes: input.changes,
        })
      : undefined;
    if (idempotencyKey) {
      // A key is the caller's and is bound to the body first filed with it: the same body
      // is a retry, answered with the first request; another body is refused.
      const found = await this.#store.findByIdempotencyKey(
        actor.userEntityRef,
        idempotencyKey,
      );
      if (found?.fingerprint && found.fingerprint !== fingerprint) {
        throw new IdempotencyKeyReusedError(idempotencyKey, found.request.id);
      }
      if (
        found &&
        (found.request.state !== 'open' || found.request.changeRef)
      ) {
        return { request: found.request, created: false };
      }
    }
    const prepared = await this.#prepare(input);
    if (!prepared.ok) {
      throw new InputError(
        prepared.problems
          .map(problem => `${problem.field}: ${problem.message}`)
          .join('; '),
      );
    }
    const { provider, policySourceUrl, changes, files, liveRemovals } =
      prepared;

    const stored = await this.#store.create(
      {
        entityRef,
        reason,
        requester: actor.userEntityRef,
        ...(actor.login ? { requesterLogin: actor.login } : {}),
        providerId: provider.id,
        changes,
        idempotencyKey,
        ...(fingerprint ? { idempotencyFingerprint: fingerprint } : {}),
      },
      this.#now(),
    );
    if ('keyReused' in stored) {
      throw new IdempotencyKeyReusedError(
        idempotencyKey ?? '',
        stored.keyReused.id,
      );
    }
    if ('held' in stored) {
      const holder = await this.#store.get(stored.held.requestId);
      const { cluster, namespace, name, requestId } = stored.held;
      throw new ConflictError(
        `policy ${namespace}/${name} in cluster ${cluster} already has open request ${requestId}${
          holder && this.#link(holder) ? ` (${this.#link(holder)})` : ''
        }; review or close that request first (GET /api/netseal/requests/${requestId})`,
      );
    }
    if ('existing' in stored) {
      const request = stored.existing;
      // A retry of a request whose change was never opened (the first try crashed)
      // opens it now; the provider resumes the same branch, never a second.
      if (request.state !== 'open' || request.changeRef) {
        return { request, created: false };
      }
    }
    const request = 'created' in stored ? stored.created : stored.existing;
    const event = await this.#auditor.createEvent({
      eventId: 'request-create',
      severityLevel: 'medium',
      request: actor.httpRequest,
      meta: { requestId: request.id, entityRef, actor: actor.userEntityRef },
    });
    await event.success({ meta: { state: 'open' } });

    const { title, body, asFiled } = describeRequestChange({
      requestId: request.id,
      entityRef,
      reason,
      requester: actor.userEntityRef,
      requesterLogin: actor.login,
      changes: prepared.described,
      accessChanges: prepared.accessChanges,
    });
    // Kept before the change is opened, so that a request the host refuses still shows
    // what it would have held.
    await this.#store.setAsFiled(request.id, asFiled);
    const openEvent = await this.#auditor.createEvent({
      eventId: 'request-open-change',
      severityLevel: 'medium',
      request: actor.httpRequest,
      meta: { requestId: request.id, entityRef, providerId: provider.id },
    });
    try {
      const changeRef = await provider.openChange({
        requestId: request.id,
        policySourceUrl,
        branch: `netseal/request-${request.id}`,
        title,
        body,
        labels: ['netseal'],
        files,
        ...(liveRemovals.length > 0 ? { liveRemovals } : {}),
        requester: {
          userEntityRef: actor.userEntityRef,
          ...(actor.login ? { login: actor.login } : {}),
        },
      });
      await this.#store.setChangeRef(request.id, changeRef, this.#now());
      await openEvent.success({ meta: { url: changeRef.url } });
    } catch (error) {
      // Only a Git host's own failure is a 502 or 503; anything else the provider threw
      // is Netseal's (or the module's) fault, and answers as such.
      const kind = failureKindOf(error);
      const message = (error as Error).message;
      await this.#transition(request.id, {
        to: 'failed',
        actor: 'system',
        reason: message,
        error: { kind, message },
      });
      await openEvent.fail({ error: error as Error });
      if (!isChangeProviderError(error)) {
        throw error;
      }
      throw new ChangeProviderFailure(kind, message, error);
    }
    return {
      request: (await this.#store.get(request.id))!,
      created: 'created' in stored,
    };
  }

  /** The request as stored, without asking its Git host. */
  async getStored(id: string): Promise<StoredRequest> {
    return this.#mustGet(id);
  }

  /** The request, its state first brought up to date from its Git host. */
  async get(id: string): Promise<RequestView> {
    const request = await this.#mustGet(id);
    return this.#refresh(request);
  }

  async list(options: Parameters<RequestStore['list']>[0]) {
    return this.#store.list(options);
  }

  async listEntityRefs(): Promise<string[]> {
    return this.#store.listEntityRefs();
  }

  async listTransitions(id: string) {
    return this.#store.listTransitions(id);
  }

  /**
   * Reads every open or approved request's change again from its Git host, moving those
   * merged or closed there: the poll that catches what webhook events missed. `only`
   * narrows it to the changes an event names.
   */
  async refreshUndecided(only?: (changeRef: ChangeRef) => boolean) {
    for (const state of UNDECIDED_STATES) {
      const { items } = await this.#store.list({ state, limit: 500 });
      for (const request of items) {
        if (only && !(request.changeRef && only(request.changeRef))) continue;
        await this.#refresh(request);
      }
    }
  }

  /**
   * Approves or rejects a local Git change. As on GitHub, the requester cannot review
   * their own request, and a reviewer's approval of the change's head counts once: a
   * second one is refused until they reject or the change gets another commit. A change
   * of state the review causes is the reviewer's.
   */
  async review(
    id: string,
    input: {
      decision: 'approve' | 'reject';
      comment?: string;
      actor: RequestActor;
    },
  ): Promise<RequestView> {
    // A rejection's comment is kept with the change and shown to the requester.
    const unsafeComment =
      input.comment === undefined
        ? undefined
        : unsafeTextProblem(input.comment, { multiline: true });
    if (unsafeComment) {
      throw new InputError(`comment ${unsafeComment}`);
    }
    const request = await this.#mustGet(id);
    const { provider, changeRef } = this.#changeInPortal(
      request,
      input.decision === 'approve' ? 'approve' : 'reject',
    );
    const { userEntityRef } = input.actor;
    const event = await this.#auditor.createEvent({
      eventId: 'request-review',
      severityLevel: 'medium',
      request: input.actor.httpRequest,
      meta: {
        requestId: id,
        entityRef: request.entityRef,
        decision: input.decision,
        actor: userEntityRef,
      },
    });
    try {
      if (sameUser(userEntityRef, request.requester)) {
        throw new ConflictError(
          input.decision === 'approve'
            ? `you filed request ${id}, and a requester cannot approve their own request (nor on GitHub); another reviewer approves it, or you close it`
            : `you filed request ${id}, and a requester cannot request changes on their own request; close it instead (POST /api/netseal/requests/${id}/close) and file a new one`,
        );
      }
      if (input.decision === 'approve') {
        const state = await this.#readChange(request, changeRef, provider);
        const last = state.reviews
          .filter(
            review =>
              sameUser(review.reviewer, userEntityRef) &&
              review.decision !== 'commented',
          )
          .pop();
        if (last?.decision === 'approved' && last.counted) {
          throw new ConflictError(
            `you approved request ${id} already (${last.at}), and an approval counts once; to withdraw it, reject the request with a comment`,
          );
        }
        await provider.approve!(
          changeRef,
          input.actor.userEntityRef,
          input.comment,
        );
      } else {
        await provider.reject!(
          changeRef,
          input.actor.userEntityRef,
          input.comment ?? '',
        );
      }
      await event.success();
    } catch (error) {
      await event.fail({ error: error as Error });
      throw this.#asFailure(error);
    }
    return this.#refresh(await this.#mustGet(id), {
      actor: userEntityRef,
      action:
        input.decision === 'approve'
          ? 'approved in the portal'
          : `requested changes in the portal: ${input.comment ?? ''}`,
      httpRequest: input.actor.httpRequest,
    });
  }

  /**
   * Closes an open or approved request without merging it, and its change on the Git
   * host (a pull request closed, a local branch deleted), naming who closed it and why
   * on the change first, since a host records the backend's account as the closer.
   * Audited; the request's policies are free for a new request after.
   */
  async close(
    id: string,
    input: { reason?: string; actor: RequestActor },
  ): Promise<RequestView> {
    const request = await this.#mustGet(id);
    if (!UNDECIDED_STATES.includes(request.state)) {
      throw new ConflictError(
        `request ${id} is ${request.state}; only an open or approved request can be closed`,
      );
    }
    const reason = input.reason?.trim();
    const { userEntityRef } = input.actor;
    const event = await this.#auditor.createEvent({
      eventId: 'request-close',
      severityLevel: 'medium',
      request: input.actor.httpRequest,
      meta: {
        requestId: id,
        entityRef: request.entityRef,
        actor: userEntityRef,
        ...(reason ? { reason } : {}),
      },
    });
    try {
      if (request.changeRef) {
        const { changeRef } = request;
        const provider = this.#providers.find(
          candidate => candidate.id === changeRef.providerId,
        );
        if (!provider?.close) {
          throw new ConflictError(
            `request ${id}'s change is on ${changeRef.providerId}, which ${
              provider
                ? 'cannot close changes from Netseal'
                : 'is not installed'
            }; close it there (${
              changeRef.url
            }) and Netseal reads it closed at its next refresh`,
          );
        }
        await provider
          .commentOnChange(
            changeRef,
            `Closed in Netseal by \`${userEntityRef}\`${
              reason ? `: ${reason.replace(/</g, '&lt;')}` : '.'
            }`,
          )
          .catch(error =>
            this.#logger.warn(
              `Could not comment on the change of request ${id} before closing it: ${
                (error as Error).message
              }`,
            ),
          );
        await provider.close(changeRef, { closedBy: userEntityRef });
      }
      const closed = await this.#transition(id, {
        to: 'closed',
        actor: userEntityRef,
        reason: reason || 'closed in the portal',
        httpRequest: input.actor.httpRequest,
      });
      await event.success();
      return { request: closed };
    } catch (error) {
      await event.fail({ error: error as Error });
      throw this.#asFailure(error);
    }
  }

  /**
   * The drift status now of each policy the request changes, read from the drift store,
   * one read for the request: current, and cheap enough for each look at a request.
   */
  async policyStatuses(request: StoredRequest): Promise<ChangedPolicyStatus[]> {
    const records = await this.#driftStore.listEntityPolicies(
      request.entityRef,
    );
    return request.changes.map(({ cluster, namespace, name }) => {
      const record = records.find(
        candidate =>
          candidate.cluster === cluster &&
          candidate.namespace === namespace &&
          candidate.name === name,
      );
      return {
        cluster,
        namespace,
        name,
        ...(record
          ? {
              status: record.status,
              ...(record.reason ? { reason: record.reason } : {}),
              checkedAt: record.checkedAt,
            }
          : {}),
      };
    });
  }

  /** Merges a local Git change that has the approvals it needs. */
  async merge(id: string, actor: RequestActor): Promise<RequestView> {
    const request = await this.#mustGet(id);
    const { provider, changeRef } = this.#changeInPortal(request, 'merge');
    const options = {
      requiredApprovals: this.#requiredApprovals,
      requester: requesterOf(request),
    };
    const state = await this.#readChange(request, changeRef, provider).catch(
      error => Promise.reject(this.#asFailure(error)),
    );
    await this.#keepReviews(id, state);
    if (state.state === 'merged' || state.state === 'closed') {
      throw new ConflictError(
        `request ${id} is ${state.state}; only an open request can be merged`,
      );
    }
    if (state.approvals < this.#requiredApprovals) {
      throw new ConflictError(
        `request ${id} has ${state.approvals} of the ${
          this.#requiredApprovals
        } approvals it needs; the requester's own approval and approvals given before the last push do not count`,
      );
    }
    const event = await this.#auditor.createEvent({
      eventId: 'request-merge',
      severityLevel: 'high',
      request: actor.httpRequest,
      meta: {
        requestId: id,
        entityRef: request.entityRef,
        actor: actor.userEntityRef,
      },
    });
    try {
      const { mergeCommitSha } = await provider.merge(changeRef, {
        ...options,
        mergedBy: actor.userEntityRef,
      });
      await this.#transition(id, {
        to: 'merged',
        actor: actor.userEntityRef,
        reason: `merged as ${mergeCommitSha}`,
        httpRequest: actor.httpRequest,
      });
      await event.success({ meta: { mergeCommitSha } });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw this.#asFailure(error);
    }
    return this.#refresh(await this.#mustGet(id));
  }

  /**
   * The one road from a request's input to what it would commit, for `create` and
   * `preview` alike: the entity's context from the drift store, validation and resealing,
   * the file of each change, its provider, and the access analysis of its clusters.
   */
  async #prepare(input: {
    entity: Entity;
    entityRef: string;
    changes: RequestChange[];
  }): Promise<PreparedRequest> {
    const { entity, entityRef } = input;
    const [records, sealed] = await Promise.all([
      this.#driftStore.listEntityPolicies(entityRef),
      this.#driftStore.listSealedManifests(entityRef),
    ]);
    const existing = sealed.flatMap(({ cluster, manifest }) => {
      const policy = manifest as NetworkPolicy;
      return policy?.metadata?.name && policy.metadata.namespace
        ? [
            {
              cluster,
              namespace: policy.metadata.namespace,
              name: policy.metadata.name,
              manifest: policy,
            },
          ]
        : [];
    });
    const validation = await this.#validate(input.changes, {
      clusters: [
        ...new Set([
          ...this.#liveView.clusterNames(),
          ...records.map(record => record.cluster),
        ]),
      ],
      namespaces: [...new Set(records.map(record => record.namespace))],
      existing,
      liveOnly: records
        .filter(record => record.status === 'unsealed' && !record.source)
        .map(({ cluster, namespace, name }) => ({ cluster, namespace, name })),
    });
    const problems: RequestProblem[] = validation.ok
      ? []
      : [...validation.problems];
    let policySourceUrl: string | undefined;
    try {
      policySourceUrl = resolvePolicySourceUrl(entity);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push({ field: 'entityRef', message: error.message });
    }
    const provider =
      policySourceUrl === undefined
        ? undefined
        : this.#providers.find(candidate =>
            candidate.supports(policySourceUrl!),
          );
    if (policySourceUrl !== undefined && !provider) {
      problems.push({
        field: 'entityRef',
        message: `no change provider supports the policy source ${policySourceUrl} of ${entityRef}; install a Netseal module for its Git host or allow it in netseal.localGitReader.allow`,
      });
    }
    if (!validation.ok || !provider || policySourceUrl === undefined) {
      return { ok: false, problems };
    }

    const key = (c: { cluster: string; namespace: string; name: string }) =>
      `${c.cluster}/${c.namespace}/${c.name}`;
    const recordByKey = new Map(records.map(record => [key(record), record]));
    const oldByKey = new Map(existing.map(policy => [key(policy), policy]));
    // A cluster another replica watches is listed here once, for the analyses below.
    await this.#liveView.load([
      ...new Set(validation.changes.map(change => change.cluster)),
    ]);
    const adopted = new Map<string, NetworkPolicy>();
    validation.changes.forEach((change, index) => {
      if (change.op !== 'add') return;
      const live = this.#livePolicies(change.cluster).find(
        policy =>
          policy.metadata?.namespace === change.namespace &&
          policy.metadata?.name === change.name,
      );
      if (!live) return;
      const record = recordByKey.get(key(change));
      // Adopting into Git: a live-only policy of this entity is replaced by its sealed
      // version on rollout. Any other object of that name is not this request's to replace.
      if (record?.status === 'unsealed' && !record.source) {
        adopted.set(key(change), live);
      } else {
        problems.push({
          field: `changes[${index}].name`,
          message: `a NetworkPolicy ${change.namespace}/${change.name} is live in cluster ${change.cluster} and is not a live-only policy of ${entityRef} to adopt; choose another name`,
        });
      }
    });
    // Removing a live-only policy: the live object the request is filed against, which
    // the rollout deletes only if it is still that object.
    const liveRemoved = new Map<string, NetworkPolicy>();
    validation.changes.forEach((change, index) => {
      if (change.op !== 'remove' || oldByKey.has(key(change))) return;
      const live = this.#livePolicies(change.cluster).find(
        policy =>
          policy.metadata?.namespace === change.namespace &&
          policy.metadata?.name === change.name,
      );
      if (live) {
        liveRemoved.set(key(change), live);
      } else {
        problems.push({
          field: `changes[${index}].name`,
          message: `${change.namespace}/${change.name} is not live in cluster ${change.cluster} any more, so there is nothing to remove; drop the change`,
        });
      }
    });
    problems.push(
      ...this.#unacknowledgedNonIsolation(
        input.changes,
        validation.changes,
        new Map([
          ...oldByKey,
          ...[...liveRemoved].map(
            ([removedKey, manifest]) => [removedKey, { manifest }] as const,
          ),
        ]),
      ),
    );
    if (problems.length > 0) {
      return { ok: false, problems };
    }
    const changes: StoredRequestChange[] = validation.changes.map(change => ({
      op: change.op,
      cluster: change.cluster,
      namespace: change.namespace,
      name: change.name,
      // A replaced policy keeps its file; a new one goes where `netseal seal` puts it.
      file:
        (change.op !== 'add' && recordByKey.get(key(change))?.source?.file) ||
        `${change.cluster}/${change.name}.yaml`,
      ...(change.oldSeal ? { oldSeal: change.oldSeal } : {}),
      ...(change.newSeal ? { newSeal: change.newSeal } : {}),
      ...(change.text !== undefined ? { text: change.text } : {}),
      ...(change.op !== 'add' && oldByKey.get(key(change))
        ? { oldManifest: oldByKey.get(key(change))!.manifest }
        : {}),
      ...(adopted.has(key(change))
        ? { oldManifest: adopted.get(key(change))! }
        : {}),
      ...(liveRemoved.has(key(change))
        ? {
            oldManifest: liveRemoved.get(key(change))!,
            liveObject: liveObjectOf(liveRemoved.get(key(change))!),
          }
        : {}),
      ...(change.op === 'remove' &&
      input.changes[validation.changes.indexOf(change)]?.acknowledgeNonIsolation
        ? { acknowledgeNonIsolation: true }
        : {}),
    }));
    // Each change edits its policy's document of its file; the file's other documents
    // (other policies, their comments) are kept as written. Files are read as they are
    // now, not as the drift store last saw them.
    // A live-only removal writes no file: Git never held the policy.
    const paths = [
      ...new Set(
        changes.flatMap(change => (change.liveObject ? [] : [change.file])),
      ),
    ];
    let texts: Map<string, string>;
    try {
      texts = await this.#sources.readFiles(policySourceUrl, paths);
    } catch (error) {
      return {
        ok: false,
        problems: [
          {
            field: 'entityRef',
            message: `the policy source ${policySourceUrl} cannot be read (${
              (error as Error).message
            }); nothing is filed until it can, so try again later`,
          },
        ],
      };
    }
    const fileTexts = new Map<string, string | null | undefined>(
      paths.map(path => [path, texts.get(path)]),
    );
    const oldDocuments: (string | undefined)[] = [];
    changes.forEach((change, index) => {
      if (change.liveObject) return;
      const edit = editManifestFile({
        file: change.file,
        text: fileTexts.get(change.file) ?? undefined,
        namespace: change.namespace,
        name: change.name,
        newText: change.text ?? null,
      });
      if ('problem' in edit) {
        problems.push({ field: `changes[${index}]`, message: edit.problem });
        return;
      }
      fileTexts.set(change.file, edit.text);
      oldDocuments[index] = edit.oldDocument;
    });
    if (problems.length > 0) {
      return { ok: false, problems };
    }
    const files = paths.map(path => ({
      path,
      content: fileTexts.get(path) ?? null,
    }));
    let servicePods: ServicePods | undefined;
    try {
      servicePods = servicePodsFromAnnotations(entity.metadata.annotations);
    } catch {
      // A malformed annotation names no pods; the drift status already says why.
      servicePods = undefined;
    }

    const described: DescribedChange[] = validation.changes.map(
      (change, index) => {
        const old = oldByKey.get(key(change));
        const {
          text: _text,
          oldManifest: _oldManifest,
          ...stored
        } = changes[index];
        const removedLive = liveRemoved.get(key(change));
        const policy = change.policy ?? old?.manifest ?? removedLive;
        return {
          ...stored,
          // The policy's document as written in Git, comments and all, when it was found;
          // for a live-only removal, the live object's identity and spec.
          oldText:
            oldDocuments[index] ??
            (old
              ? stringify(old.manifest)
              : removedLive && stringify(liveManifestText(removedLive))),
          newText: change.text,
          policy,
          oldPolicy: old?.manifest ?? adopted.get(key(change)) ?? removedLive,
          newPolicy: change.policy,
          selectsService: policy
            ? policySelectsService(
                policy,
                servicePods,
                this.#livePods(change.cluster),
              )
            : true,
        };
      },
    );
    return {
      ok: true,
      provider,
      policySourceUrl,
      changes,
      files,
      liveRemovals: changes.flatMap(change =>
        change.liveObject
          ? [
              {
                cluster: change.cluster,
                namespace: change.namespace,
                name: change.name,
                ...change.liveObject,
              },
            ]
          : [],
      ),
      described,
      accessChanges: await analyseRequestAccess(
        this.#liveView,
        validation.changes,
        { analyse: this.#analyser(), budget: this.#accessAnalysisBudget },
      ),
    };
  }

  /** Validates and reseals the changes, in a worker thread when there are workers. */
  #validate(
    changes: readonly RequestChange[],
    context: RequestContext,
  ): Promise<RequestValidation> {
    if (!this.#workers) {
      return Promise.resolve(validateRequestChanges(changes, context));
    }
    return this.#workers.run(
      'validateRequestChanges',
      { changes, context },
      ({ reason }) =>
        new InputError(
          `changes: their validation and resealing ${reason}; split them into smaller requests, with shorter manifests`,
        ),
    );
  }

  /** Runs a cluster's access analysis in a worker thread when there are workers. */
  #analyser(): ClusterAccessAnalyser | undefined {
    const workers = this.#workers;
    if (!workers) return undefined;
    return input =>
      workers.run(
        'analyseClusterAccess',
        input,
        ({ sizing, reason }) =>
          new AccessAnalysisTooLargeError({
            ...sizing,
            reason: `its analysis ${reason}`,
          }),
      );
  }

  /**
   * A problem for each removal that leaves live pods open to all traffic in a direction
   * (no other policy isolates them once the request is rolled out), unless the change
   * acknowledges it.
   */
  #unacknowledgedNonIsolation(
    input: readonly RequestChange[],
    changes: readonly {
      op: string;
      cluster: string;
      namespace: string;
      name: string;
      policy?: NetworkPolicy;
    }[],
    oldByKey: Map<string, { manifest: NetworkPolicy }>,
  ): RequestProblem[] {
    const problems: RequestProblem[] = [];
    changes.forEach((change, index) => {
      if (change.op !== 'remove' || input[index]?.acknowledgeNonIsolation) {
        return;
      }
      const removed = oldByKey.get(
        `${change.cluster}/${change.namespace}/${change.name}`,
      )?.manifest;
      if (!removed) return;
      const ofCluster = changes.filter(
        other => other.cluster === change.cluster,
      );
      const touched = new Set(
        ofCluster.map(other => `${other.namespace}/${other.name}`),
      );
      const remaining = [
        ...this.#livePolicies(change.cluster).filter(
          policy =>
            !touched.has(
              `${policy.metadata?.namespace}/${policy.metadata?.name}`,
            ),
        ),
        ...ofCluster.flatMap(other =>
          other.op !== 'remove' && other.policy ? [other.policy] : [],
        ),
      ];
      const open = podsLeftNonIsolated({
        removed,
        remaining,
        pods: this.#livePods(change.cluster),
      });
      if (open.length === 0) return;
      problems.push({
        field: `changes[${index}].acknowledgeNonIsolation`,
        message: `removing ${change.namespace}/${change.name} leaves ${open
          .map(
            ({ direction, pods }) =>
              `${pods.join(', ')} open to all ${direction} traffic`,
          )
          .join(', and ')} in ${
          change.cluster
        }, since no other policy isolates them; set acknowledgeNonIsolation to true to confirm, or replace the policy with one that still isolates them`,
      });
    });
    return problems;
  }

  #livePolicies(cluster: string): NetworkPolicy[] {
    try {
      return this.#liveView.networkPolicies(cluster);
    } catch {
      return [];
    }
  }

  /** The cluster's live pods, or none when it is not configured any more. */
  #livePods(cluster: string) {
    try {
      return this.#liveView.pods(cluster);
    } catch {
      return [];
    }
  }

  /**
   * Reads the request's change from its provider, keeps its reviews, and moves the
   * request to the state read. The move is `cause`'s when a person's action in the
   * portal caused it; otherwise the backend read it from the Git host (`system`).
   */
  async #refresh(
    request: StoredRequest,
    cause?: TransitionCause,
  ): Promise<RequestView> {
    if (!request.changeRef || !['open', 'approved'].includes(request.state)) {
      return { request };
    }
    const provider = this.#providers.find(
      candidate => candidate.id === request.changeRef!.providerId,
    );
    if (!provider) {
      this.#logger.warn(
        `Request ${request.id} belongs to change provider ${request.changeRef.providerId}, which is not installed; its state is not refreshed`,
      );
      return { request };
    }
    let change: ChangeState;
    try {
      change = await this.#readChange(request, request.changeRef, provider);
    } catch (error) {
      // The stored state is still true as far as Netseal knows; the host answers later.
      this.#logger.warn(
        `Could not refresh request ${request.id} from ${
          request.changeRef.providerId
        }: ${(error as Error).message}`,
      );
      return { request };
    }
    const reviewed = await this.#keepReviews(request.id, change);
    const to = CHANGE_TO_REQUEST_STATE[change.state];
    const approvalsCount = `${change.approvals} of ${change.requiredApprovals} approvals count`;
    const approvers = change.reviews
      .filter(review => review.counted)
      .map(review => review.reviewer);
    let updated = request;
    if (to !== request.state) {
      updated = await this.#transition(
        request.id,
        cause
          ? {
              to,
              actor: cause.actor,
              reason: `${cause.action}; ${approvalsCount}`,
              httpRequest: cause.httpRequest,
            }
          : {
              to,
              actor: 'system',
              reason: `the change is ${change.state} on its Git host${
                to === 'approved' && approvers.length > 0
                  ? ` (by ${approvers.join(', ')})`
                  : ''
              }; ${approvalsCount}`,
            },
      );
    }
    return { request: { ...updated, reviewed }, change };
  }

  #readChange(
    request: StoredRequest,
    changeRef: ChangeRef,
    provider: NetsealChangeProvider,
  ): Promise<ChangeState> {
    return provider.getChange(changeRef, {
      requiredApprovals: this.#requiredApprovals,
      requester: requesterOf(request),
    });
  }

  /** Keeps the reviews of a change just read, so listings show them without a read. */
  async #keepReviews(
    id: string,
    change: ChangeState,
  ): Promise<NonNullable<StoredRequest['reviewed']>> {
    const at = this.#now();
    const snapshot = reviewSnapshotOf(change);
    await this.#store.setReviews(id, snapshot, at);
    return { ...snapshot, at };
  }

  /**
   * Moves a request to another state, audited, and tells the transition listener: for
   * the rollout, which moves merged requests on.
   */
  transition(
    id: string,
    options: {
      to: RequestState;
      actor: string;
      reason?: string;
      error?: { kind: string; message: string };
      httpRequest?: AuditorServiceCreateEventOptions['request'];
    },
  ): Promise<StoredRequest> {
    return this.#transition(id, options);
  }

  async #transition(
    id: string,
    options: {
      to: RequestState;
      actor: string;
      reason?: string;
      error?: { kind: string; message: string };
      /** The HTTP request of a person's action; absent when the system moves it. */
      httpRequest?: AuditorServiceCreateEventOptions['request'];
    },
  ): Promise<StoredRequest> {
    const { httpRequest, ...transition } = options;
    const { request, from } = await this.#store.transition(id, {
      ...transition,
      at: this.#now(),
    });
    if (from) {
      const meta: JsonObject = {
        requestId: id,
        entityRef: request.entityRef,
        from,
        to: options.to,
        actor: options.actor,
      };
      const event = await this.#auditor.createEvent({
        eventId: 'request-transition',
        severityLevel: 'medium',
        request: httpRequest,
        meta,
      });
      await event.success();
      this.#tellTransition(request, from);
    }
    return request;
  }

  /**
   * Calls `listener` after each stored change of a request's state, without being waited
   * for; a listener's failure is logged. Returns a function that unsubscribes.
   */
  subscribe(listener: RequestTransitionListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #tellTransition(request: StoredRequest, from: RequestState) {
    for (const listener of this.#listeners) {
      Promise.resolve()
        .then(() => listener(request, from))
        .catch(error =>
          this.#logger.warn(
            `Request ${request.id} moved from ${from} to ${
              request.state
            }, but a listener of its transitions failed: ${
              error instanceof Error ? error.message : String(error)
            }`,
          ),
        );
    }
  }

  /**
   * The request's change and its provider, when that provider reviews (`approve`,
   * `reject`) or merges (`merge`) through the portal; hosts with reviews of their own
   * (GitHub) are reviewed and merged there.
   */
  #changeInPortal<C extends 'approve' | 'reject' | 'merge'>(
    request: StoredRequest,
    capability: C,
  ): {
    provider: NetsealChangeProvider & Required<Pick<NetsealChangeProvider, C>>;
    changeRef: ChangeRef;
  } {
    const provider = this.#providers.find(
      candidate => candidate.id === request.changeRef?.providerId,
    );
    if (!request.changeRef) {
      throw new ConflictError(
        `request ${request.id} has no change to review (state ${request.state}); file it again`,
      );
    }
    if (!provider || typeof provider[capability] !== 'function') {
      throw new ConflictError(
        `request ${request.id} is reviewed and merged on its Git host; go to ${request.changeRef.url}`,
      );
    }
    return {
      provider: provider as NetsealChangeProvider &
        Required<Pick<NetsealChangeProvider, C>>,
      changeRef: request.changeRef,
    };
  }

  async #mustGet(id: string): Promise<StoredRequest> {
    const request = await this.#store.get(id);
    if (!request) {
      throw new NotFoundError(`No replacement request ${id}`);
    }
    return request;
  }

  #asFailure(error: unknown): Error {
    if (isChangeProviderError(error)) {
      if (error.kind === 'forbidden' || error.kind === 'conflict') {
        return new ConflictError(error.message, error);
      }
      return new ChangeProviderFailure(error.kind, error.message, error);
    }
    return error as Error;
  }
}

/**
 * How a provider's failure is recorded: a Git host's own kind; `refused` for bad input
 * the provider found; `internal` for anything else, which is no host's failure.
 */
function failureKindOf(error: unknown): string {
  if (isChangeProviderError(error)) return error.kind;
  return error instanceof InputError ? 'refused' : 'internal';
}

/**
 * An Idempotency-Key is kept with the request and compared byte for byte: printable
 * ASCII, as the IETF draft's structured-field string allows, so no key is stored that
 * a log or a terminal would show differently.
 */
function checkIdempotencyKey(key: string | undefined) {
  if (key !== undefined && !/^[\x20-\x7e]{1,255}$/.test(key)) {
    throw new InputError(
      'Idempotency-Key must be 1 to 255 printable ASCII characters; send a random value such as a UUID',
    );
  }
}

function reviewSnapshotOf(change: ChangeState): RequestReviewSnapshot {
  return {
    reviews: change.reviews.map(review => ({
      reviewer: review.reviewer,
      decision: review.decision,
      at: review.at,
      ...(review.comment ? { comment: review.comment } : {}),
      ...(review.counted !== undefined ? { counted: review.counted } : {}),
    })),
    approvals: change.approvals,
    requiredApprovals: change.requiredApprovals,
  };
}

/** What identifies a live object exactly: a changed or re-created one differs. */
function liveObjectOf(live: NetworkPolicy): StoredLiveObject {
  const { uid, resourceVersion } = live.metadata ?? {};
  return {
    ...(typeof uid === 'string' ? { uid } : {}),
    ...(typeof resourceVersion === 'string' ? { resourceVersion } : {}),
    digest: computeSeal(live),
  };
}

/** A live object as a reviewer reads it: identity, labels and spec, no runtime fields. */
function liveManifestText(live: NetworkPolicy): NetworkPolicy {
  const { name, namespace, labels } = live.metadata ?? {};
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name,
      namespace,
      ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
    },
    spec: live.spec,
  };
}
