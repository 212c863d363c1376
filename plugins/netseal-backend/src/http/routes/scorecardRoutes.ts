import type { DriftStatusTransition } from '@netseal/backstage-plugin-netseal-common';
import type { DriftStore } from '../../database';
import type { Authorization } from '../authorization';
import type { NetsealRouter } from '../NetsealRouter';
import type { RouterOptions } from '../router';
import { toEntityScorecardJson } from '../scorecard';

/** How far back in an entity's history the last drift is looked for. */
const HISTORY_LOOKBACK = 1000;

/** Facts per entity for scorecards (Tech Insights, Soundcheck). */
export function addScorecardRoutes(
  router: NetsealRouter,
  {
    authorization,
    driftStore,
    guards,
  }: {
    authorization: Authorization;
    driftStore: DriftStore;
    guards: RouterOptions['guards'];
  },
) {
  router.get('/fleet/scorecards', async (req, res) => {
    // Fact retrievers call as services; users see what they may read.
    const credentials = await authorization.caller(req);
    const all = await driftStore.listEntityRefs();
    const entityRefs =
      (await authorization.readableOf(credentials, all)) ?? all;
    const items = [];
    for (const entityRef of entityRefs) {
      const [policies, history] = await Promise.all([
        driftStore.listEntityPolicies(entityRef),
        driftStore.listHistory({ entityRef, limit: HISTORY_LOOKBACK }),
      ]);
      items.push(
        toEntityScorecardJson({
          entityRef,
          policies,
          lastDrift: history.find(isDrift),
          guardStatus: cluster => guards.cached(cluster)?.status,
        }),
      );
    }
    res.json({ items });
  });
}

function isDrift(transition: DriftStatusTransition): boolean {
  return transition.to === 'drifted' || transition.to === 'missing';
}
