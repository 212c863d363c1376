import { createBackendModule } from '@backstage/backend-plugin-api';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import { netsealFactRetriever } from './netsealFactRetriever';

/**
 * Adds Netseal's fact retriever to Tech Insights. Like every retriever it runs on the
 * cadence configured under `techInsights.factRetrievers.netsealFactRetriever`.
 *
 * @public
 */
export const techInsightsModuleNetsealFacts = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'netseal-facts',
  register(reg) {
    reg.registerInit({
      deps: { retrievers: techInsightsFactRetrieversExtensionPoint },
      async init({ retrievers }) {
        retrievers.addFactRetrievers({ netsealFactRetriever });
      },
    });
  },
});
