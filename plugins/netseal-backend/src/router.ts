import {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  serializeError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  countByStatus,
  DriftStatus,
  netsealGuardManagePermission,
  netsealPolicyReadPermission,
  netsealRequestCreatePermission,
  netsealRequestReviewPermission,
  netsealRolloutExecutePermission,
  PolicyDriftRecord,
  worstStatus,
} from '@netseal/backstage-plugin-netseal-common';
import type { Entity } from '@backstage/catalog-model';
import express from 'express';
import type { LiveState } from './clusters';
import type { DriftStore } from './database';
import { jsonBody } from './http/jsonBody';

/** Where Backstage's GitHub org ingestion puts a user's GitHub login. */
const GITHUB_USER_LOGIN_ANNOTATION = 'github.com/user-login';
import { ChangeProviderFailure } from './requests/ChangeProviderFailure';
import type { RequestService, RequestView } from './requests/RequestService';
import type { RequestState, StoredRequest } from './requests/RequestStore';
import { reachabilityByCluster } from './reachability/reachabilityByCluster';
import { servicePodsInWords } from './reachability/servicePodsInWords';
import { ClusterWriteFailure } from './guard/ClusterWriteFailure';
import type { ClusterGuardState, GuardService } from './guard/GuardService';
import type { RolloutService } from './rollout/RolloutService';
import type { RolloutRecord } from './rollout/RolloutStore';
import { spec } from './schema/openapi.generated';

const DEFAULT_PAGE = 50;

type IncomingRequest = Parameters<HttpAuthService['credentials']>[0];

/**
 * Netseal's HTTP API, validated against its OpenAPI spec. It reads the drift store and
 * the live view; it knows nothing of SQL or of how drift is computed.
 */
export async function createRouter(options: {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  store: DriftStore;
  liveState: LiveState;
  requests: RequestService;
  rollouts: RolloutService;
  guards: GuardService;
}): Promise<express.Router> {
  const { httpAuth, permissions, catalog, store, liveState, requests } =
    options;
  const { rollouts, guards } = options;
  const router = createValidatedOpenApiRouter(spec, {
    middleware: jsonBody(),
  });

  /** The entity's ref, once the caller may see it and read its policies. */
  async function readableEntity(
    req: IncomingRequest,
    params: { kind: string; namespace: string; name: string },
  ): Promise<string> {
    return (await readableCatalogEntity(req, params)).entityRef;
  }

  /** The entity and its ref, once the caller may see it and read its policies. */
  async function readableCatalogEntity(
    req: IncomingRequest,
    params: { kind: string; namespace: string; name: string },
  ): Promise<{ entityRef: string; entity: Entity }> {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entityRef = stringifyEntityRef(params);
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    const [decision] = await permissions.authorize(
      [{ permission: netsealPolicyReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not read the network policies of ${entityRef} (permission netseal.policy.read)`,
      );
    }
    return { entityRef, entity };
  }

  /**
   * A user's GitHub login from their catalog entity's `github.com/user-login` annotation
   * (set by Backstage's GitHub org ingestion), when they have one.
   */
  async function gitHostLoginOf(
    userEntityRef: string,
    credentials: BackstageCredentials,
  ): Promise<string | undefined> {
    const user = await catalog
      .getEntityByRef(userEntityRef, { credentials })
      .catch(() => undefined);
    const login = user?.metadata.annotations?.[GITHUB_USER_LOGIN_ANNOTATION];
    return login && /^[A-Za-z0-9-]{1,39}$/.test(login) ? login : undefined;
  }

  /** The entities whose policies the caller may read, or undefined for all of them. */
  async function readableEntityRefs(
    req: IncomingRequest,
  ): Promise<string[] | undefined> {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entityRefs = await store.listEntityRefs();
    if (entityRefs.length === 0) {
      return undefined;
    }
    const decisions = await permissions.authorize(
      entityRefs.map(resourceRef => ({
        permission: netsealPolicyReadPermission,
        resourceRef,
      })),
      { credentials },
    );
    if (decisions.every(d => d.result === AuthorizeResult.ALLOW)) {
      return undefined;
    }
    return entityRefs.filter(
      (_ref, index) => decisions[index].result === AuthorizeResult.ALLOW,
    );
  }

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/entities/:kind/:namespace/:name/policies', async (req, res) => {
    const entityRef = await readableEntity(req, req.params);
    const [items, sourceError] = await Promise.all([
      store.listEntityPolicies(entityRef),
      store.getSourceError(entityRef),
    ]);
    const counts = countByStatus(items);
    res.json({
      entityRef,
      ...(items.length > 0 ? { worstStatus: worstStatus(counts) } : {}),
      counts: { ...counts },
      items: items.map(toPolicyStatus),
      ...(sourceError
        ? {
            sourceError: {
              message: sourceError.message,
              checkedAt: sourceError.checkedAt.toISOString(),
            },
          }
        : {}),
    });
  });

  router.get(
    '/entities/:kind/:namespace/:name/policies/:cluster/:policyNamespace/:policyName',
    async (req, res) => {
      const entityRef = await readableEntity(req, req.params);
      const { cluster, policyNamespace, policyName } = req.params;
      const policy = await store.getPolicy({
        entityRef,
        cluster,
        namespace: policyNamespace,
        name: policyName,
      });
      if (!policy) {
        throw new NotFoundError(
          `${entityRef} has no policy ${policyNamespace}/${policyName} in cluster ${cluster}`,
        );
      }
      res.json({
        ...toPolicyStatus(policy),
        sealedManifest: asObject(policy.sealedManifest),
        liveManifest: asObject(policy.liveManifest),
      });
    },
  );

  router.get(
    '/entities/:kind/:namespace/:name/policies/:cluster/:policyNamespace/:policyName/source',
    async (req, res) => {
      const { entityRef, entity } = await readableCatalogEntity(
        req,
        req.params,
      );
      res.json(
        await requests.readPolicySource({
          entity,
          entityRef,
          cluster: req.params.cluster,
          namespace: req.params.policyNamespace,
          name: req.params.policyName,
        }),
      );
    },
  );

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    const entityRef = await readableEntity(req, req.params);
    const items = await store.listHistory({
      entityRef,
      cluster: req.query.cluster,
      namespace: req.query.policyNamespace,
      name: req.query.policyName,
      limit: req.query.limit ?? DEFAULT_PAGE,
      before: req.query.before,
    });
    res.json({
      items: items.map(({ from, to, ...rest }) => ({
        ...rest,
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
      })),
    });
  });

  router.get(
    '/entities/:kind/:namespace/:name/reachability',
    async (req, res) => {
      const { entityRef, entity } = await readableCatalogEntity(
        req,
        req.params,
      );
      const items = reachabilityByCluster(
        await store.listSealedManifests(entityRef),
        servicePodsInWords(entity),
      );
      res.json({ items });
    },
  );

  router.get('/fleet/policies', async (req, res) => {
    const entityRefs = await readableEntityRefs(req);
    const statuses = req.query.status as DriftStatus[] | undefined;
    const { items, totalCount } = await store.listPolicies({
      cluster: req.query.cluster,
      namespace: req.query.namespace,
      entityRef: req.query.entityRef,
      entityRefs,
      status: statuses,
      search: req.query.search,
      limit: req.query.limit ?? DEFAULT_PAGE,
      offset: req.query.offset,
    });
    res.json({
      items: items.map(item => ({
        ...toPolicyStatus(item),
        entityRef: item.entityRef,
      })),
      totalCount,
    });
  });

  router.get('/fleet/summary', async (req, res) => {
    const entityRefs = await readableEntityRefs(req);
    const [counts, clusters] = await Promise.all([
      store.countByStatus({ entityRefs }),
      store.countByCluster({ entityRefs }),
    ]);
    res.json({
      counts: { ...counts },
      clusters: clusters.map(cluster => ({
        cluster: cluster.cluster,
        counts: { ...cluster.counts },
      })),
    });
  });

  router.get('/clusters', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({
      items: liveState.clusterNames().map(name => {
        const connection = liveState.connection(name);
        return {
          name,
          state: connection.state,
          policyCount: liveState.networkPolicies(name).length,
          ...('reason' in connection ? { reason: connection.reason } : {}),
          ...('version' in connection && connection.version
            ? { version: connection.version }
            : {}),
          ...('lastSyncedAt' in connection && connection.lastSyncedAt
            ? { lastSyncedAt: connection.lastSyncedAt.toISOString() }
            : {}),
          ...(guards.cached(name)
            ? { guard: toGuardJson(guards.cached(name)!) }
            : {}),
        };
      }),
    });
  });

  router.get('/clusters/:cluster/guard', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(toGuardJson(await guards.check(req.params.cluster)));
  });

  router.post('/clusters/:cluster/guard', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize(
      [{ permission: netsealGuardManagePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not install the admission guard of cluster ${req.params.cluster} (permission ${netsealGuardManagePermission.name})`,
      );
    }
    res.json(
      toGuardJson(
        await guards.install(req.params.cluster, {
          userEntityRef: credentials.principal.userEntityRef,
          httpRequest: req,
        }),
      ),
    );
  });

  /** Throws unless the caller holds `permission` on the entity. */
  async function authorizeOnEntity(
    credentials: Awaited<ReturnType<HttpAuthService['credentials']>>,
    permission:
      | typeof netsealPolicyReadPermission
      | typeof netsealRequestCreatePermission
      | typeof netsealRequestReviewPermission
      | typeof netsealRolloutExecutePermission,
    entityRef: string,
    what: string,
  ) {
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not ${what} ${entityRef} (permission ${permission.name})`,
      );
    }
  }

  /**
   * The request, once the caller may read its entity's policies; only then is its
   * state refreshed from the Git host, so a caller who may not read it causes no call.
   */
  async function readableRequest(req: IncomingRequest, id: string) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const stored = await requests.getStored(id);
    await authorizeOnEntity(
      credentials,
      netsealPolicyReadPermission,
      stored.entityRef,
      'read the requests of',
    );
    return { credentials, view: await requests.get(id) };
  }

  /**
   * The request with its transitions and rollout; its reviews are those its refresh just
   * read.
   */
  async function requestDetail(view: RequestView) {
    const rollout = await rollouts.get(view.request.id);
    return {
      ...toRequestJson(view.request),
      ...(rollout ? { rollout: toRolloutJson(rollout) } : {}),
      transitions: (await requests.listTransitions(view.request.id)).map(
        transition => ({
          ...(transition.from ? { from: transition.from } : {}),
          to: transition.to,
          actor: transition.actor,
          ...(transition.reason ? { reason: transition.reason } : {}),
          at: transition.at.toISOString(),
        }),
      ),
    };
  }

  /**
   * The entity a request (or its preview) is for, once the caller may request changes
   * to its policies: the same check for filing and for previewing.
   */
  async function requestableEntity(
    req: IncomingRequest,
    entityRefText: string,
  ) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    let entityRef: string;
    try {
      entityRef = stringifyEntityRef(parseEntityRef(entityRefText));
    } catch (error) {
      throw new InputError(
        `entityRef "${entityRefText}" is not an entity ref; use one like component:default/payments`,
        error,
      );
    }
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    await authorizeOnEntity(
      credentials,
      netsealRequestCreatePermission,
      entityRef,
      'request changes to the network policies of',
    );
    return { credentials, entityRef, entity };
  }

  router.post('/requests/preview', async (req, res) => {
    const { entityRef, entity } = await requestableEntity(
      req,
      req.body.entityRef,
    );
    res.json(
      await requests.preview({ entity, entityRef, changes: req.body.changes }),
    );
  });

  router.post('/requests', async (req, res) => {
    const { credentials, entityRef, entity } = await requestableEntity(
      req,
      req.body.entityRef,
    );
    const { request, created } = await requests.create({
      entity,
      entityRef,
      reason: req.body.reason,
      changes: req.body.changes,
      idempotencyKey: req.header('idempotency-key') || undefined,
      actor: {
        userEntityRef: credentials.principal.userEntityRef,
        login: await gitHostLoginOf(
          credentials.principal.userEntityRef,
          credentials,
        ),
        credentials,
        httpRequest: req,
      },
    });
    res.status(created ? 201 : 200).json(toRequestJson(request));
  });

  router.get('/requests', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entityRefs = await requests.listEntityRefs();
    const decisions = entityRefs.length
      ? await permissions.authorize(
          entityRefs.map(resourceRef => ({
            permission: netsealPolicyReadPermission,
            resourceRef,
          })),
          { credentials },
        )
      : [];
    const { items, totalCount } = await requests.list({
      entityRef: req.query.entityRef,
      entityRefs: entityRefs.filter(
        (_ref, index) => decisions[index].result === AuthorizeResult.ALLOW,
      ),
      state: req.query.state as RequestState | undefined,
      limit: req.query.limit ?? DEFAULT_PAGE,
      offset: req.query.offset,
    });
    res.json({ items: items.map(toRequestJson), totalCount });
  });

  router.get('/requests/:id', async (req, res) => {
    const { view } = await readableRequest(req, req.params.id);
    res.json(await requestDetail(view));
  });

  router.post('/requests/:id/reviews', async (req, res) => {
    const { credentials, view } = await readableRequest(req, req.params.id);
    await authorizeOnEntity(
      credentials,
      netsealRequestReviewPermission,
      view.request.entityRef,
      'review requests for',
    );
    const after = await requests.review(req.params.id, {
      decision: req.body.decision,
      comment: req.body.comment,
      actor: {
        userEntityRef: credentials.principal.userEntityRef,
        credentials,
        httpRequest: req,
      },
    });
    res.json(await requestDetail(after));
  });

  router.post('/requests/:id/merge', async (req, res) => {
    const { credentials, view } = await readableRequest(req, req.params.id);
    await authorizeOnEntity(
      credentials,
      netsealRequestReviewPermission,
      view.request.entityRef,
      'merge requests for',
    );
    const after = await requests.merge(req.params.id, {
      userEntityRef: credentials.principal.userEntityRef,
      credentials,
      httpRequest: req,
    });
    res.json(await requestDetail(after));
  });

  router.post('/requests/:id/rollout', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const stored = await requests.getStored(req.params.id);
    await authorizeOnEntity(
      credentials,
      netsealPolicyReadPermission,
      stored.entityRef,
      'read the requests of',
    );
    await authorizeOnEntity(
      credentials,
      netsealRolloutExecutePermission,
      stored.entityRef,
      'roll out requests for',
    );
    await rollouts.start(req.params.id, {
      userEntityRef: credentials.principal.userEntityRef,
      httpRequest: req,
    });
    res.status(202).json(
      await requestDetail({
        request: await requests.getStored(req.params.id),
      }),
    );
  });

  options.logger.debug('Netseal router ready');
  // A Git host's failure, from any route that asks one, is the host's and not Netseal's:
  // 502 or 503 with the host's reason, where Backstage's handler would answer 500.
  router.use(
    (
      error: unknown,
      req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (
        !(error instanceof ChangeProviderFailure) &&
        !(error instanceof ClusterWriteFailure)
      ) {
        next(error);
        return;
      }
      res.status(error.statusCode).json({
        error: serializeError(error),
        request: { method: req.method, url: req.originalUrl },
        response: { statusCode: error.statusCode },
      });
    },
  );

  return router;
}

function toPolicyStatus(record: PolicyDriftRecord) {
  return {
    cluster: record.cluster,
    namespace: record.namespace,
    name: record.name,
    status: record.status,
    ...(record.reason ? { reason: record.reason } : {}),
    ...(record.seal ? { seal: record.seal } : {}),
    ...(record.liveDigest ? { liveDigest: record.liveDigest } : {}),
    ...(record.source ? { source: { ...record.source } } : {}),
    differences: record.differences.map(difference => ({ ...difference })),
    checkedAt: record.checkedAt,
    statusChangedAt: record.statusChangedAt,
  };
}

function toRequestJson(request: StoredRequest) {
  return {
    id: request.id,
    entityRef: request.entityRef,
    state: request.state,
    reason: request.reason,
    requester: request.requester,
    ...(request.providerId ? { providerId: request.providerId } : {}),
    ...(request.changeRef
      ? { url: request.changeRef.url, branch: request.changeRef.branch }
      : {}),
    changes: request.changes.map(change => ({
      op: change.op,
      cluster: change.cluster,
      namespace: change.namespace,
      name: change.name,
      file: change.file,
      ...(change.oldSeal ? { oldSeal: change.oldSeal } : {}),
      ...(change.newSeal ? { newSeal: change.newSeal } : {}),
    })),
    ...(request.error ? { error: { ...request.error } } : {}),
    createdAt: request.createdAt.toISOString(),
    updatedAt: request.updatedAt.toISOString(),
    ...(request.reviewed
      ? {
          approvals: request.reviewed.approvals,
          requiredApprovals: request.reviewed.requiredApprovals,
          reviews: request.reviewed.reviews.map(review => ({ ...review })),
          reviewedAt: request.reviewed.at.toISOString(),
        }
      : {}),
  };
}

function toGuardJson(guard: ClusterGuardState) {
  return { ...guard, checkedAt: guard.checkedAt.toISOString() };
}

function toRolloutJson(rollout: RolloutRecord) {
  return {
    status: rollout.status,
    ...(rollout.waitingFor ? { waitingFor: rollout.waitingFor } : {}),
    startedBy: rollout.startedBy,
    startedAt: rollout.startedAt.toISOString(),
    ...(rollout.endedAt ? { endedAt: rollout.endedAt.toISOString() } : {}),
    ...(rollout.mergeCommitSha
      ? { mergeCommitSha: rollout.mergeCommitSha }
      : {}),
    approvedBy: rollout.approvedBy,
    ...(rollout.mergedBy ? { mergedBy: rollout.mergedBy } : {}),
    clusters: rollout.clusters.map(cluster => ({
      cluster: cluster.cluster,
      identity: cluster.identity,
      status: cluster.status,
      ...(cluster.reason ? { reason: cluster.reason } : {}),
      steps: cluster.steps.map(step => ({
        phase: step.phase,
        index: step.index,
        description: step.description,
        status: step.status,
        ...(step.startedAt ? { startedAt: step.startedAt.toISOString() } : {}),
        ...(step.finishedAt
          ? { finishedAt: step.finishedAt.toISOString() }
          : {}),
        ...(step.error ? { error: step.error } : {}),
      })),
    })),
  };
}

function asObject(value: unknown): { [key: string]: unknown } | undefined {
  return value && typeof value === 'object'
    ? (value as { [key: string]: unknown })
    : undefined;
}
