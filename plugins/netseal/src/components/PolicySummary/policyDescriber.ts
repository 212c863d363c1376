import type { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';

/** Says in plain sentences what a NetworkPolicy allows, one sentence per line. */
export type PolicyDescriber = (policy: NetworkPolicy) => string[];

/**
 * The describer the Summary view uses. netseal-common's `describeNetworkPolicy` is
 * being written at the same time as this view; until it is exported, there is none, and
 * the view says so rather than inventing a summary of its own. Wire it here, and only
 * here: `export const policyDescriber: PolicyDescriber | undefined = describeNetworkPolicy;`
 */
export const policyDescriber: PolicyDescriber | undefined = undefined;
