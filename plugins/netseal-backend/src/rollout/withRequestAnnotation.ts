import {
  NetworkPolicy,
  REQUEST_ANNOTATION,
} from '@netseal/backstage-plugin-netseal-common';

/**
 * The policy as a rollout creates it: annotated with the id of the request or restore
 * whose rollout creates it, a hint for whoever reads the live object. Annotations are
 * outside the canonical form, so the seal and the read-back check do not change.
 */
export function withRequestAnnotation(
  policy: NetworkPolicy,
  id: string,
): NetworkPolicy {
  return {
    ...policy,
    metadata: {
      ...policy.metadata,
      annotations: {
        ...policy.metadata?.annotations,
        [REQUEST_ANNOTATION]: id,
      },
    },
  };
}
