/**
 * Names of the admission guard's objects in a cluster, shared by the generator, the
 * backend's status check and the portal. @public
 */
export const GUARD_NAMES = {
  /** The ValidatingAdmissionPolicy and its ValidatingAdmissionPolicyBinding. */
  policy: 'netseal-guard',
  binding: 'netseal-guard',
  /** The namespace and ConfigMap that hold the guard's parameters. */
  paramsNamespace: 'netseal-system',
  params: 'netseal-guard',
} as const;

/** The label on every guard object that names the guard version that made it. @public */
export const GUARD_VERSION_LABEL = 'netseal.io/guard-version';

/** The user Kubernetes' namespace controller deletes a namespace's objects as. @public */
export const NAMESPACE_CONTROLLER_USER =
  'system:serviceaccount:kube-system:namespace-controller';
