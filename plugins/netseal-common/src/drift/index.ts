/**
 * Drift: whether what runs in a cluster is what was sealed in Git, per policy, and the
 * roll-ups of those statuses. Pure and isomorphic. See README.md in this folder.
 */

export * from './types';
export { computeDrift } from './computeDrift';
export { diffCanonicalPolicies } from './diffCanonicalPolicies';
export { parseKubernetesLabelSelector } from './parseKubernetesLabelSelector';
export {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  servicePodsFromAnnotations,
} from './servicePodsFromAnnotations';
export type { ServicePods } from './servicePodsFromAnnotations';
export {
  compareDriftStatus,
  driftStatusRank,
  worstStatus,
} from './worstStatus';
export { countByStatus } from './countByStatus';
export { isDriftStatus } from './isDriftStatus';
export { DriftInputError } from './DriftInputError';
export type {
  ClusterConnection,
  ClusterDriftInput,
  InvalidManifest,
  LivePod,
  PendingRollout,
  PolicySourceManifest,
  SealedManifest,
  ServiceDriftInput,
} from './ServiceDriftInput';
export * from './DriftSignalMessage';
