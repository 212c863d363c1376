import type { Entity } from '@backstage/catalog-model';
import { POLICY_SOURCE_ANNOTATION } from '@netseal/backstage-plugin-netseal-common';

/**
 * True when the entity names its policy source (`netseal.io/policy-source`), so it has
 * sealed network policies to show. For `EntityLayout.Route if=` and `EntitySwitch.Case if=`.
 *
 * @public
 */
export function isNetsealAvailable(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[POLICY_SOURCE_ANNOTATION]);
}
