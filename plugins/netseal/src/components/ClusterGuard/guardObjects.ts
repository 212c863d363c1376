import { buildGuardManifests } from '@netseal/backstage-plugin-netseal-common';

/** One Kubernetes object of the admission guard, as a platform engineer names it. */
export interface GuardObject {
  kind: string;
  /** `namespace/name` for namespaced objects, the name alone otherwise. */
  name: string;
}

// The objects' kinds and names do not depend on the rollout user; the backend fills in
// the cluster's own. Any valid username will do to list them.
const ANY_ROLLOUT_USER = 'system:serviceaccount:netseal-system:netseal-rollout';

/**
 * The objects an install or upgrade of the guard creates or replaces, in the order they
 * are applied, as `buildGuardManifests` (which the backend installs) makes them.
 */
export function guardObjects(): GuardObject[] {
  return buildGuardManifests({ rolloutUser: ANY_ROLLOUT_USER }).map(
    manifest => ({
      kind: manifest.kind,
      name: manifest.metadata.namespace
        ? `${manifest.metadata.namespace}/${manifest.metadata.name}`
        : manifest.metadata.name,
    }),
  );
}
