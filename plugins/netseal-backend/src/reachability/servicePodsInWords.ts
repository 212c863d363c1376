import type { Entity } from '@backstage/catalog-model';
import {
  describeServicePods,
  servicePodsFromAnnotations,
} from '@netseal/backstage-plugin-netseal-common';

/**
 * The entity's pods in words, from `backstage.io/kubernetes-label-selector` or
 * `backstage.io/kubernetes-id` (and `-namespace`). Undefined when it names none, or names
 * them wrongly (the drift engine then stops tracking the entity and logs why): the
 * picture then names the pods by the policies' selectors.
 */
export function servicePodsInWords(entity: Entity): string | undefined {
  try {
    const pods = servicePodsFromAnnotations(entity.metadata.annotations);
    return pods && describeServicePods(pods);
  } catch {
    return undefined;
  }
}
