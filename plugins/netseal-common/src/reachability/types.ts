import type {
  LabelSelector,
  NetworkPolicy,
  NetworkPolicyProtocol,
} from '../types';
import type { ClusterScopedPolicies } from './clusterScopedPolicies';
import type { IpFamily } from './ipAddress';

/** A namespace as policies see it: its name and labels. @public */
export interface ClusterNamespace {
  name: string;
  /**
   * The namespace's labels. `kubernetes.io/metadata.name: <name>` is added when absent,
   * as the API server does for every namespace.
   */
  labels?: Record<string, string>;
}

/** A port one of a pod's containers declares (`spec.containers[].ports[]`). @public */
export interface ContainerPort {
  /** IANA_SVC_NAME that policies may refer to as a named port. */
  name?: string;
  containerPort: number;
  /** Defaults to TCP, as in the Pod API. */
  protocol?: NetworkPolicyProtocol;
}

/** A running pod as policies see it. @public */
export interface ClusterPod {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  /** `status.podIPs`: at most one IPv4 and one IPv6 address. */
  ips?: string[];
  /** The ports of all the pod's containers (names are unique within a pod). */
  containerPorts?: ContainerPort[];
  /** `spec.nodeName`: the node the pod runs on, for traffic between it and its node. */
  nodeName?: string;
}

/** A node as traffic to and from its pods sees it: its name and addresses. @public */
export interface ClusterNode {
  name: string;
  /** The IP addresses of `status.addresses` (InternalIP, ExternalIP). */
  addresses?: string[];
}

/** Everything the reachability model reads: namespaces, pods and policies. @public */
export interface ClusterSnapshot {
  namespaces: ClusterNamespace[];
  pods: ClusterPod[];
  policies: NetworkPolicy[];
  /**
   * The cluster's nodes, when known: traffic between a pod and the node it runs on
   * follows a rule of its own (see `evaluateConnection`).
   */
  nodes?: ClusterNode[];
  /**
   * The cluster's cluster-scoped network policy, when it has any: verdicts they may
   * override are `unknown`, naming them.
   */
  clusterScoped?: ClusterScopedPolicies;
}

/** @public */
export interface PodReference {
  namespace: string;
  name: string;
}

/** @public */
export interface PolicyReference {
  namespace: string;
  name: string;
}

/**
 * One end of a connection: a pod of the snapshot, or an IP address. An address that
 * belongs to a pod of the snapshot stands for that pod.
 * @public
 */
export type ConnectionEndpoint = { pod: PodReference } | { ip: string };

/** A question: may `from` open a connection to `to` on this port? @public */
export interface ConnectionProbe {
  from: ConnectionEndpoint;
  to: ConnectionEndpoint;
  /** A port number, or the name of a port the destination pod declares. */
  port: number | string;
  /**
   * Defaults to the protocol of the named port, or TCP for a port number.
   */
  protocol?: NetworkPolicyProtocol;
  /**
   * Which of a dual-stack pod's addresses ipBlocks are matched against. Defaults to the
   * family of the IP endpoint if there is one, else to the family of the destination
   * pod's first address, else of the source pod's, else IPv4.
   */
  ipFamily?: IpFamily;
}

/**
 * What one direction (the source's egress or the destination's ingress) decided.
 * @public
 */
export type DirectionVerdict =
  /** This end is an IP address outside the cluster: no policy of ours applies to it. */
  | { outcome: 'outside-cluster' }
  /** No policy selects the pod for this direction, so everything is allowed. */
  | { outcome: 'not-isolated' }
  /**
   * Ingress from an address of the node the pod runs on: Kubernetes documents that a pod
   * cannot block its own node, whatever its policies say.
   */
  | { outcome: 'own-node'; node: string }
  /** Policies isolate the pod and at least one rule of `allowedBy` allows the connection. */
  | {
      outcome: 'allowed';
      allowedBy: PolicyReference[];
      isolatedBy: PolicyReference[];
    }
  /** Policies isolate the pod and none of their rules allows the connection. */
  | { outcome: 'denied'; isolatedBy: PolicyReference[] };

/** @public */
export interface ConnectionVerdict {
  /** What the NetworkPolicies decide. */
  allowed: boolean;
  /**
   * The verdict: `allowed` or `denied` as the NetworkPolicies decide, or `unknown` when
   * a cluster-scoped policy may override them (`mayBeOverriddenBy` names it).
   */
  verdict: 'allowed' | 'denied' | 'unknown';
  /** The cluster-scoped policies (or kinds) that may decide instead, when any may. */
  mayBeOverriddenBy?: string[];
  protocol: NetworkPolicyProtocol;
  /** The port number the connection uses (a named probe port resolved on the destination). */
  port: number;
  /** The port's name on the destination pod, when it declares one for this port. */
  portName?: string;
  ipFamily: IpFamily;
  /** The source's egress side. */
  egress: DirectionVerdict;
  /** The destination's ingress side. */
  ingress: DirectionVerdict;
}

/**
 * A named address or CIDR block outside the pod network, shown in access matrices and diffs
 * (for example `{ name: 'internet', cidr: '0.0.0.0/0' }`).
 * @public
 */
export interface ExternalEndpoint {
  name: string;
  /** A CIDR block or a single address. */
  cidr: string;
}

/**
 * How much of an external endpoint's addresses a flow reaches: every address, some of
 * them (an ipBlock `except` or a narrower block cuts the CIDR), or none.
 * @public
 */
export type ExternalCoverage = 'all' | 'partial' | 'none';

/** Pods that no policy can tell apart: same namespace, same labels as far as any
 * selector reads them, same named ports, inside the same ipBlocks. @public */
export interface PodClass {
  id: number;
  namespace: string;
  /** Only the labels some selector reads; other labels cannot change a verdict. */
  labels: Readonly<Record<string, string>>;
  pods: PodReference[];
}

/** @public */
export interface AccessMatrixOptions {
  /** A port number, or a port name resolved on each destination pod. */
  port: number | string;
  /** Defaults to TCP. */
  protocol?: NetworkPolicyProtocol;
  /** Which address family ipBlocks match pod addresses in; defaults to the family of the
   * first pod address in the snapshot, else IPv4. */
  ipFamily?: IpFamily;
  externalEndpoints?: ExternalEndpoint[];
}

/**
 * Who may reach whom on one port and protocol. Pods are grouped into classes whose
 * verdicts are identical, so the matrix is `classes²`, not `pods²`; use
 * {@link isPodAccessAllowed} and {@link listAllowedPodPairs} for pod-level answers.
 * @public
 */
export interface AccessMatrix {
  port: number | string;
  protocol: NetworkPolicyProtocol;
  ipFamily: IpFamily;
  podClasses: PodClass[];
  externalEndpoints: ExternalEndpoint[];
  /** Row-major `podClasses.length²`: 1 when the row class may reach the column class. */
  podAccess: Uint8Array;
  /** `[sourceClass * externalEndpoints.length + endpoint]`. */
  podToExternal: ExternalCoverage[];
  /** `[endpoint * podClasses.length + destinationClass]`. */
  externalToPod: ExternalCoverage[];
  /** For a named port: destination pods that declare no port of that name and protocol,
   * which therefore cannot be reached on it. */
  podsWithoutNamedPort: PodReference[];
}

/** @public */
export interface AccessDiffOptions extends AccessMatrixOptions {}

/**
 * One side of an access change: pods, described per namespace, or external endpoints.
 * @public
 */
export type AccessParty =
  | {
      kind: 'pods';
      /** Every pod of the snapshot. */
      everyPod: boolean;
      namespaces: NamespacePods[];
      podCount: number;
      pods: PodReference[];
    }
  | { kind: 'external'; endpoints: ExternalEndpoint[] };

/** Pods of one namespace within an {@link AccessParty}. @public */
export interface NamespacePods {
  namespace: string;
  /** Every pod of the namespace. */
  allPods: boolean;
  /** The label sets (as selectors read them) of the pods, one per pod class. */
  labelSets: Readonly<Record<string, string>>[];
  /** A short selector that picks exactly these pods within the namespace, if there is one. */
  selectedBy?: LabelSelector;
  /** Otherwise, a short selector that picks exactly the namespace's other pods, if any. */
  exceptSelectedBy?: LabelSelector;
}

/**
 * A set of flows that open or close together: every pod (or endpoint) of `from` to every
 * one of `to`.
 * @public
 */
export interface AccessChange {
  change: 'opened' | 'closed';
  from: AccessParty;
  to: AccessParty;
  protocol: NetworkPolicyProtocol;
  port: number | string;
  /** Pod-to-pod or pod-to-endpoint pairs in this change. */
  flows: number;
  /** For an external CIDR: how much of it was and is reachable. */
  coverage?: { before: ExternalCoverage; after: ExternalCoverage };
  /**
   * Policies that decided one representative flow of the change, before and after: those
   * that allowed it, or, when it was denied, those that isolated the pod.
   */
  decidedBy?: { before: PolicyReference[]; after: PolicyReference[] };
  /**
   * Cluster-scoped policies (or kinds) that may decide these flows instead of the
   * NetworkPolicies, so that the change may not take effect: its verdict is unknown.
   */
  mayBeOverriddenBy?: string[];
}

/** @public */
export interface AccessDiff {
  protocol: NetworkPolicyProtocol;
  port: number | string;
  ipFamily: IpFamily;
  changes: AccessChange[];
  openedFlows: number;
  closedFlows: number;
}
