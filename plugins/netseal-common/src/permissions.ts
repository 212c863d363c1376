import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read an entity's sealed policies, their drift status and history. A resource
 * permission on the catalog entity, so catalog rules such as `isEntityOwner` apply.
 * @public
 */
export const netsealPolicyReadPermission = createPermission({
  name: 'netseal.policy.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Every permission Netseal defines, for the permissions registry. @public */
export const netsealPermissions = [netsealPolicyReadPermission];
