/**
 * The `networking.k8s.io/v1` NetworkPolicy as it appears in a manifest or in the API.
 * Typed here rather than imported from `@kubernetes/client-node` because this package is
 * isomorphic: the portal, the backend and the CLI all use it.
 * See https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/
 */

/** @public */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** @public */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** @public */
export interface IPBlock {
  cidr: string;
  except?: string[];
}

/** @public */
export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: IPBlock;
}

/** @public */
export type NetworkPolicyProtocol = 'TCP' | 'UDP' | 'SCTP';

/** @public */
export interface NetworkPolicyPort {
  protocol?: NetworkPolicyProtocol;
  /** A number (1-65535) or the name of a container port (IANA_SVC_NAME). */
  port?: number | string;
  endPort?: number;
}

/** @public */
export interface NetworkPolicyIngressRule {
  from?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

/** @public */
export interface NetworkPolicyEgressRule {
  to?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

/** @public */
export type PolicyType = 'Ingress' | 'Egress';

/** @public */
export interface NetworkPolicySpec {
  podSelector: LabelSelector;
  policyTypes?: PolicyType[];
  ingress?: NetworkPolicyIngressRule[];
  egress?: NetworkPolicyEgressRule[];
}

/** @public */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [runtimeField: string]: unknown;
}

/** @public */
export interface NetworkPolicy {
  apiVersion: 'networking.k8s.io/v1';
  kind: 'NetworkPolicy';
  metadata: ObjectMeta;
  spec: NetworkPolicySpec;
  status?: unknown;
}
