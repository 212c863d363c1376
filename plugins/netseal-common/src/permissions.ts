import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import {
  createPermission,
  type Permission,
} from '@backstage/plugin-permission-common';

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

/**
 * File a replacement request for an entity's policies. A resource permission on the
 * catalog entity, so a policy can allow it to the entity's owners only with the
 * catalog's `isEntityOwner` rule.
 * @public
 */
export const netsealRequestCreatePermission = createPermission({
  name: 'netseal.request.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Approve or reject a replacement request on the local Git provider, where reviews are
 * given in the portal rather than on a Git host. A resource permission on the catalog
 * entity the request is for.
 * @public
 */
export const netsealRequestReviewPermission = createPermission({
  name: 'netseal.request.review',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Start the rollout of a merged replacement request from the portal, when rollouts do
 * not start on merge (`netseal.rollouts.autoStart: false`). A resource permission on the
 * catalog entity the request is for.
 * @public
 */
export const netsealRolloutExecutePermission = createPermission({
  name: 'netseal.rollout.execute',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Restore a `drifted` or `missing` policy to its sealed version, by the rollout's
 * fail-closed delete-and-recreate. The sealed version was reviewed when it was merged, so
 * a restore needs this permission and no new review. A resource permission on the catalog
 * entity whose policy it is, so a policy can allow it to the entity's owners only.
 * @public
 */
export const netsealPolicyRestorePermission = createPermission({
  name: 'netseal.policy.restore',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Install, upgrade or uninstall a cluster's admission guard (`POST` and `DELETE /clusters/{name}/guard`). A basic
 * permission: the guard belongs to the cluster, not to any entity.
 * @public
 */
export const netsealGuardManagePermission = createPermission({
  name: 'netseal.guard.manage',
  attributes: { action: 'update' },
});

/**
 * Read the compliance report (`GET /compliance/report`): every policy's seal, provenance
 * and drift incidents and every cluster's guard history, across entities. A basic
 * permission: the report is the fleet's, as an auditor reads it.
 * @public
 */
export const netsealComplianceReadPermission = createPermission({
  name: 'netseal.compliance.read',
  attributes: { action: 'read' },
});

/**
 * Every permission Netseal defines, for the permissions registry. Typed as the registry
 * takes them: an inferred union's order differs between TypeScript runs, and the API
 * report would flap with it.
 * @public
 */
export const netsealPermissions: Permission[] = [
  netsealPolicyReadPermission,
  netsealRequestCreatePermission,
  netsealRequestReviewPermission,
  netsealRolloutExecutePermission,
  netsealGuardManagePermission,
  netsealPolicyRestorePermission,
  netsealComplianceReadPermission,
];
