import {
  computeSeal,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import type { IndexedLivePolicy } from '../LiveViewIndex';

/** A policy as the live view hands it to the index: identity, digest, object on demand. */
export function indexedLivePolicy(policy: NetworkPolicy): IndexedLivePolicy {
  const json = JSON.stringify(policy);
  return {
    namespace: policy.metadata?.namespace ?? '',
    name: policy.metadata?.name ?? '',
    digest: computeSeal(policy),
    object: () => JSON.parse(json),
  };
}
