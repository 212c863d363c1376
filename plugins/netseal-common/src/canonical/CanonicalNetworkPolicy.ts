import type { NetworkPolicyProtocol, PolicyType } from '../types';

/**
 * The canonical form of a NetworkPolicy: what the API server enforces, with its own
 * defaults applied. Every list is sorted and free of duplicates, and every optional list
 * or map is present (empty when the manifest left it out), so two manifests that enforce
 * the same thing have equal canonical forms. The README lists each rule and its source.
 *
 * @public
 */
export interface CanonicalNetworkPolicy {
  apiVersion: 'networking.k8s.io/v1';
  kind: 'NetworkPolicy';
  /** Identity (namespace and name) and labels; nothing else of the object metadata. */
  metadata: CanonicalObjectMeta;
  spec: CanonicalNetworkPolicySpec;
}

/** @public */
export interface CanonicalObjectMeta {
  /** As written in the manifest; `''` when it has none (validation rejects that). */
  namespace: string;
  /** As written in the manifest; `''` when it has none (validation rejects that). */
  name: string;
  labels: Record<string, string>;
}

/** @public */
export interface CanonicalNetworkPolicySpec {
  podSelector: CanonicalLabelSelector;
  /** Never empty: inferred as the API server does when the manifest omits it. */
  policyTypes: PolicyType[];
  ingress: CanonicalNetworkPolicyIngressRule[];
  egress: CanonicalNetworkPolicyEgressRule[];
}

/** @public */
export interface CanonicalLabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: CanonicalLabelSelectorRequirement[];
}

/** @public */
export interface CanonicalLabelSelectorRequirement {
  key: string;
  operator: string;
  /** Sorted, without duplicates; empty for `Exists` and `DoesNotExist`. */
  values: string[];
}

/** @public */
export interface CanonicalNetworkPolicyIngressRule {
  /** Empty means every source, exactly as a missing `from` does. */
  from: CanonicalNetworkPolicyPeer[];
  /** Empty means every port, exactly as a missing `ports` does. */
  ports: CanonicalNetworkPolicyPort[];
}

/** @public */
export interface CanonicalNetworkPolicyEgressRule {
  /** Empty means every destination, exactly as a missing `to` does. */
  to: CanonicalNetworkPolicyPeer[];
  /** Empty means every port, exactly as a missing `ports` does. */
  ports: CanonicalNetworkPolicyPort[];
}

/**
 * A peer keeps which selectors are present: `podSelector: {}` (every pod) is not the same
 * as no `podSelector` at all.
 *
 * @public
 */
export interface CanonicalNetworkPolicyPeer {
  podSelector?: CanonicalLabelSelector;
  namespaceSelector?: CanonicalLabelSelector;
  ipBlock?: CanonicalIPBlock;
}

/** @public */
export interface CanonicalIPBlock {
  /** As written: the API server stores the text it was given. */
  cidr: string;
  except: string[];
}

/** @public */
export interface CanonicalNetworkPolicyPort {
  /** `TCP` when the manifest leaves it out, as the API server defaults it. */
  protocol: NetworkPolicyProtocol;
  /** A number, or the name of a container port; absent means every port. */
  port?: number | string;
  endPort?: number;
}
