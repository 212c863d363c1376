import type { DriftStatus } from '@netseal/backstage-plugin-netseal-common';
import type { DriftStore } from '../../database';
import type { Authorization } from '../authorization';
import { toPolicyStatusJson } from '../json';
import { DEFAULT_PAGE, IncomingRequest, NetsealRouter } from '../NetsealRouter';

/** Every readable entity's policies at once: the fleet page's listing and counts. */
export function addFleetRoutes(
  router: NetsealRouter,
  {
    authorization,
    driftStore,
  }: {
    authorization: Authorization;
    driftStore: DriftStore;
  },
) {
  /** The entities whose policies the caller may read, or undefined for all of them. */
  async function readableEntityRefs(req: IncomingRequest) {
    const credentials = await authorization.user(req);
    return authorization.readableOf(
      credentials,
      await driftStore.listEntityRefs(),
    );
  }

  router.get('/fleet/policies', async (req, res) => {
    const entityRefs = await readableEntityRefs(req);
    const { items, totalCount } = await driftStore.listPolicies({
      cluster: req.query.cluster,
      namespace: req.query.namespace,
      entityRef: req.query.entityRef,
      entityRefs,
      status: req.query.status as DriftStatus[] | undefined,
      search: req.query.search,
      limit: req.query.limit ?? DEFAULT_PAGE,
      offset: req.query.offset,
    });
    res.json({
      items: items.map(item => ({
        ...toPolicyStatusJson(item),
        entityRef: item.entityRef,
      })),
      totalCount,
    });
  });

  router.get('/fleet/summary', async (req, res) => {
    const entityRefs = await readableEntityRefs(req);
    const [counts, clusters] = await Promise.all([
      driftStore.countByStatus({ entityRefs }),
      driftStore.countByCluster({ entityRefs }),
    ]);
    res.json({
      counts: { ...counts },
      clusters: clusters.map(cluster => ({
        cluster: cluster.cluster,
        counts: { ...cluster.counts },
      })),
    });
  });
}
