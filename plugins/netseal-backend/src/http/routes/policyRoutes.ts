import { NotFoundError } from '@backstage/errors';
import {
  countByStatus,
  netsealPolicyReadPermission,
  netsealPolicyRestorePermission,
  worstStatus,
} from '@netseal/backstage-plugin-netseal-common';
import type { DriftStore } from '../../database';
import {
  clusterScopedOf,
  reachabilityByCluster,
} from '../../reachability/reachabilityByCluster';
import { servicePodsInWords } from '../../reachability/servicePodsInWords';
import type { Authorization } from '../authorization';
import type { RouterOptions } from '../router';
import {
  asObject,
  toPolicyStatusJson,
  toRestoreJson,
  toProvenanceViewJson,
  toTransitionJson,
} from '../json';
import { DEFAULT_PAGE, NetsealRouter } from '../NetsealRouter';

/**
 * An entity's sealed policies: statuses, one policy, its source, history, reachability,
 * and restores.
 */
export function addPolicyRoutes(
  router: NetsealRouter,
  {
    authorization,
    driftStore,
    requests,
    restores,
    liveView,
    provenance,
  }: {
    authorization: Authorization;
    driftStore: DriftStore;
    requests: RouterOptions['requests'];
    restores: RouterOptions['restores'];
    liveView: RouterOptions['liveView'];
    provenance: RouterOptions['provenance'];
  },
) {
  router.get('/entities/:kind/:namespace/:name/policies', async (req, res) => {
    const { entityRef } = await authorization.entity(req, req.params);
    const [items, sourceError] = await Promise.all([
      driftStore.listEntityPolicies(entityRef),
      driftStore.getSourceError(entityRef),
    ]);
    const counts = countByStatus(items);
    res.json({
      entityRef,
      ...(items.length > 0 ? { worstStatus: worstStatus(counts) } : {}),
      counts: { ...counts },
      items: items.map(toPolicyStatusJson),
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
      const { entityRef } = await authorization.entity(req, req.params);
      const { cluster, policyNamespace, policyName } = req.params;
      const policy = await driftStore.getPolicy({
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
        ...toPolicyStatusJson(policy),
        sealedManifest: asObject(policy.sealedManifest),
        liveManifest: asObject(policy.liveManifest),
      });
    },
  );

  router.get(
    '/entities/:kind/:namespace/:name/policies/:cluster/:policyNamespace/:policyName/source',
    async (req, res) => {
      const { entityRef, entity } = await authorization.entity(req, req.params);
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

  router.get(
    '/entities/:kind/:namespace/:name/policies/:cluster/:policyNamespace/:policyName/provenance',
    async (req, res) => {
      const { entityRef } = await authorization.entity(req, req.params);
      const key = {
        cluster: req.params.cluster,
        namespace: req.params.policyNamespace,
        name: req.params.policyName,
      };
      const [verdict, record] = await Promise.all([
        driftStore.getPolicy({ entityRef, ...key }),
        provenance.find(key),
      ]);
      if (!verdict) {
        throw new NotFoundError(
          `${entityRef} has no policy ${key.namespace}/${key.name} in cluster ${key.cluster}`,
        );
      }
      res.json(
        toProvenanceViewJson(
          // Another entity's record of the same live policy is not this one's.
          record?.entityRef === entityRef ? record : undefined,
          verdict.liveManifest,
        ),
      );
    },
  );

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    const { entityRef } = await authorization.entity(req, req.params);
    const items = await driftStore.listHistory({
      entityRef,
      cluster: req.query.cluster,
      namespace: req.query.policyNamespace,
      name: req.query.policyName,
      limit: req.query.limit ?? DEFAULT_PAGE,
      before: req.query.before,
    });
    res.json({
      items: items.map(toTransitionJson),
    });
  });

  router.get(
    '/entities/:kind/:namespace/:name/reachability',
    async (req, res) => {
      const { entityRef, entity } = await authorization.entity(req, req.params);
      const mode = req.query.mode ?? 'live';
      const [sealed, verdicts] = await Promise.all([
        driftStore.listSealedManifests(entityRef),
        mode === 'live' ? driftStore.listEntityPolicies(entityRef) : [],
      ]);
      const items = reachabilityByCluster({
        mode,
        sealed,
        pods: servicePodsInWords(entity),
        verdicts,
        liveView,
        clusterScopedOfCluster: clusterScopedOf(liveView),
      });
      res.json({ items });
    },
  );

  router.post(
    '/entities/:kind/:namespace/:name/policies/:cluster/:policyNamespace/:policyName/restore',
    async (req, res) => {
      const { credentials, entityRef } = await authorization.entity(
        req,
        req.params,
      );
      await authorization.require(
        credentials,
        netsealPolicyRestorePermission,
        'restore the sealed policies of',
        entityRef,
      );
      const started = await restores.start(
        {
          entityRef,
          cluster: req.params.cluster,
          namespace: req.params.policyNamespace,
          name: req.params.policyName,
        },
        {
          userEntityRef: credentials.principal.userEntityRef,
          httpRequest: req,
        },
      );
      res.status(202).json(toRestoreJson(started));
    },
  );

  router.get(
    '/entities/:kind/:namespace/:name/policies/:cluster/:policyNamespace/:policyName/restores',
    async (req, res) => {
      const { entityRef } = await authorization.entity(req, req.params);
      const items = await restores.listOfPolicy(
        {
          entityRef,
          cluster: req.params.cluster,
          namespace: req.params.policyNamespace,
          name: req.params.policyName,
        },
        { limit: req.query.limit ?? DEFAULT_PAGE },
      );
      res.json({ items: items.map(toRestoreJson) });
    },
  );

  router.get('/restores/:id', async (req, res) => {
    const credentials = await authorization.user(req);
    const restore = await restores.get(req.params.id);
    if (!restore) {
      throw new NotFoundError(`No restore ${req.params.id}`);
    }
    await authorization.require(
      credentials,
      netsealPolicyReadPermission,
      'read the restores of',
      restore.restore.entityRef,
    );
    res.json(toRestoreJson(restore));
  });
}
