import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  FactRetriever,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import type { EntityScorecard } from '@netseal/backstage-plugin-netseal-common';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The id Tech Insights stores Netseal's facts under, and checks name. @public */
export const NETSEAL_FACT_RETRIEVER_ID = 'netseal-facts';

/** One entity's scorecard as Tech Insights facts, as of `now`. @public */
export function scorecardFacts(
  scorecard: EntityScorecard,
  now: Date,
): TechInsightFact {
  const { kind, namespace, name } = parseEntityRef(scorecard.entityRef);
  return {
    entity: { kind, namespace, name },
    facts: {
      policyCount: scorecard.policyCount,
      sealedShare: scorecard.sealedShare,
      inSyncShare: scorecard.inSyncShare,
      unprotectedClusters: scorecard.unprotectedClusters.length,
      unprotectedClusterNames: scorecard.unprotectedClusters,
      // Never drifted within the history kept: as many days as that history holds is
      // unknown here, so -1 says "none seen" without pretending a number of days.
      daysSinceLastDrift: scorecard.lastDriftAt
        ? Math.floor(
            (now.getTime() - new Date(scorecard.lastDriftAt).getTime()) /
              DAY_MS,
          )
        : -1,
    },
  };
}

/**
 * Netseal's facts per entity with sealed policies, read from Netseal's backend
 * (`GET /api/netseal/fleet/scorecards`) as this plugin's own service identity.
 *
 * @public
 */
export const netsealFactRetriever: FactRetriever = {
  id: NETSEAL_FACT_RETRIEVER_ID,
  version: '0.1.0',
  title: 'Netseal',
  description:
    "How well an entity's Kubernetes NetworkPolicies are sealed, in sync and guarded, from Netseal",
  schema: {
    policyCount: {
      type: 'integer',
      description: 'Its NetworkPolicies, in Git or live, across its clusters',
    },
    sealedShare: {
      type: 'float',
      description:
        'The share (0 to 1) of its policies that are sealed (not unsealed); 1 without policies',
    },
    inSyncShare: {
      type: 'float',
      description:
        'The share (0 to 1) of its policies whose live object matches its seal',
    },
    unprotectedClusters: {
      type: 'integer',
      description:
        "How many of its clusters' admission guards do not protect sealed policies",
    },
    unprotectedClusterNames: {
      type: 'set',
      description: 'Its clusters whose admission guard does not protect them',
    },
    daysSinceLastDrift: {
      type: 'integer',
      description:
        'Whole days since one of its policies last became drifted or missing; -1 when none did within the history Netseal keeps',
    },
  },
  async handler({ discovery, auth }) {
    const baseUrl = await discovery.getBaseUrl('netseal');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'netseal',
    });
    const response = await fetch(`${baseUrl}/fleet/scorecards`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const { items } = (await response.json()) as { items: EntityScorecard[] };
    const now = new Date();
    return items.map(item => scorecardFacts(item, now));
  },
};
