import {
  describeNetworkPolicy,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';

/** Says in plain sentences what a NetworkPolicy allows, one sentence per line. */
export type PolicyDescriber = (policy: NetworkPolicy) => string[];

/** The describer the Summary view uses: netseal-common's, which the backend shares. */
export const policyDescriber: PolicyDescriber = describeNetworkPolicy;
