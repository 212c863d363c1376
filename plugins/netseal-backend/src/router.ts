import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  countByStatus,
  DriftStatus,
  netsealPolicyReadPermission,
  PolicyDriftRecord,
  worstStatus,
} from '@netseal/backstage-plugin-netseal-common';
import type { Entity } from '@backstage/catalog-model';
import express from 'express';
import type { LiveState } from './clusters';
import type { DriftStore } from './database';
import { reachabilityByCluster } from './reachability/reachabilityByCluster';
import { servicePodsInWords } from './reachability/servicePodsInWords';
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
}): Promise<express.Router> {
  const { httpAuth, permissions, catalog, store, liveState } = options;
  const router = createValidatedOpenApiRouter(spec);

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
        };
      }),
    });
  });

  options.logger.debug('Netseal router ready');
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

function asObject(value: unknown): { [key: string]: unknown } | undefined {
  return value && typeof value === 'object'
    ? (value as { [key: string]: unknown })
    : undefined;
}
