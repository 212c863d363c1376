/**
 * Netseal's facts for Tech Insights scorecards: how well each entity's NetworkPolicies
 * are sealed, in sync and guarded.
 *
 * @packageDocumentation
 */

export { techInsightsModuleNetsealFacts as default } from './module';
export {
  netsealFactRetriever,
  NETSEAL_FACT_RETRIEVER_ID,
  scorecardFacts,
} from './netsealFactRetriever';
