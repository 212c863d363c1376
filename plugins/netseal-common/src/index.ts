/**
 * Types, canonical form and seal, manifest validation and the reachability model shared
 * by Netseal's portal, backend and CLI. Isomorphic: no Node-only imports.
 *
 * @packageDocumentation
 */

export * from './types';
export * from './constants';
export type {
  CanonicalIPBlock,
  CanonicalLabelSelector,
  CanonicalLabelSelectorRequirement,
  CanonicalNetworkPolicy,
  CanonicalNetworkPolicyEgressRule,
  CanonicalNetworkPolicyIngressRule,
  CanonicalNetworkPolicyPeer,
  CanonicalNetworkPolicyPort,
  CanonicalNetworkPolicySpec,
  CanonicalObjectMeta,
} from './canonical/CanonicalNetworkPolicy';
export { canonicalize } from './canonical/canonicalize';
export { computeSeal } from './seal/computeSeal';
export { checkSeal } from './seal/checkSeal';
export type { SealCheck, SealState } from './seal/checkSeal';
export * from './seal/sealedLabelProblem';
export type { ValidationProblem } from './validation/ValidationProblem';
export { validateNetworkPolicy } from './validation/validateNetworkPolicy';
export { isValidNetworkPolicy } from './validation/isValidNetworkPolicy';
export * from './validation/unsafeText';
export * from './validation/sealedManifestFields';
export * from './reachability';
export * from './drift';
export * from './permissions';
export * from './manifests';
export * from './requests';
export * from './api/NetsealApiClient';
export * from './picture';
export * from './rollout';
export * from './guard';
export * from './attestation';
export * from './attribution';
export * from './provenance';
