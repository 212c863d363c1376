import { netsealGuardManagePermission } from '@netseal/backstage-plugin-netseal-common';
import type { Authorization } from '../authorization';
import { toClusterScopedKindsJson, toGuardJson } from '../json';
import type { NetsealRouter } from '../NetsealRouter';
import type { RouterOptions } from '../router';

/** The configured clusters: their connection and their admission guard. */
export function addClusterRoutes(
  router: NetsealRouter,
  {
    authorization,
    liveView,
    guards,
  }: {
    authorization: Authorization;
    liveView: RouterOptions['liveView'];
    guards: RouterOptions['guards'];
  },
) {
  router.get('/clusters', async (req, res) => {
    await authorization.anyone(req);
    res.json({
      items: liveView.clusterNames().map(name => {
        // As the replica that watches the cluster reports it, whichever one answers.
        const { connection, policyCount } = liveView.status(name);
        const guard = guards.cached(name);
        return {
          name,
          state: connection.state,
          policyCount,
          ...('reason' in connection ? { reason: connection.reason } : {}),
          ...('version' in connection && connection.version
            ? { version: connection.version }
            : {}),
          ...('lastSyncedAt' in connection && connection.lastSyncedAt
            ? { lastSyncedAt: connection.lastSyncedAt.toISOString() }
            : {}),
          ...(guard ? { guard: toGuardJson(guard) } : {}),
          clusterScopedPolicies: toClusterScopedKindsJson(
            liveView.clusterScopedPolicies(name),
          ),
        };
      }),
    });
  });

  router.get('/clusters/:cluster/guard', async (req, res) => {
    await authorization.anyone(req);
    res.json(toGuardJson(await guards.check(req.params.cluster)));
  });

  router.post('/clusters/:cluster/guard', async (req, res) => {
    const credentials = await authorization.user(req);
    await authorization.require(
      credentials,
      netsealGuardManagePermission,
      `install the admission guard of cluster ${req.params.cluster}`,
    );
    res.json(
      toGuardJson(
        await guards.install(req.params.cluster, {
          userEntityRef: credentials.principal.userEntityRef,
          httpRequest: req,
        }),
      ),
    );
  });

  router.delete('/clusters/:cluster/guard', async (req, res) => {
    const credentials = await authorization.user(req);
    await authorization.require(
      credentials,
      netsealGuardManagePermission,
      `uninstall the admission guard of cluster ${req.params.cluster}`,
    );
    res.json(
      toGuardJson(
        await guards.uninstall(req.params.cluster, {
          userEntityRef: credentials.principal.userEntityRef,
          httpRequest: req,
        }),
      ),
    );
  });
}
