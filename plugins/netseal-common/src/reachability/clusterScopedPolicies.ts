import type { LabelSelector } from '../types';
import {
  CompiledLabelSelector,
  compileLabelSelector,
  Labels,
} from './labelSelector';
import { ReachabilityInputError } from './ReachabilityInputError';

/** The API group of AdminNetworkPolicy, BaselineAdminNetworkPolicy and ClusterNetworkPolicy. @public */
export const NETWORK_POLICY_API_GROUP = 'policy.networking.k8s.io';

/**
 * A kind of cluster-scoped network policy Netseal looks for: `read` kinds (the
 * network-policy-api's) are read and modelled, the vendors' are counted.
 * @public
 */
export interface ClusterScopedPolicyKind {
  group: string;
  version: string;
  kind: string;
  /** The resource's plural name, as discovery lists it. */
  resource: string;
  read: boolean;
}

/** Every kind of cluster-scoped network policy Netseal looks for. @public */
export const CLUSTER_SCOPED_POLICY_KINDS: readonly ClusterScopedPolicyKind[] = [
  {
    group: 'policy.networking.k8s.io',
    version: 'v1alpha1',
    kind: 'AdminNetworkPolicy',
    resource: 'adminnetworkpolicies',
    read: true,
  },
  {
    group: 'policy.networking.k8s.io',
    version: 'v1alpha1',
    kind: 'BaselineAdminNetworkPolicy',
    resource: 'baselineadminnetworkpolicies',
    read: true,
  },
  {
    group: 'policy.networking.k8s.io',
    version: 'v1alpha2',
    kind: 'ClusterNetworkPolicy',
    resource: 'clusternetworkpolicies',
    read: true,
  },
  {
    group: 'cilium.io',
    version: 'v2',
    kind: 'CiliumNetworkPolicy',
    resource: 'ciliumnetworkpolicies',
    read: false,
  },
  {
    group: 'cilium.io',
    version: 'v2',
    kind: 'CiliumClusterwideNetworkPolicy',
    resource: 'ciliumclusterwidenetworkpolicies',
    read: false,
  },
  {
    group: 'crd.projectcalico.org',
    version: 'v1',
    kind: 'NetworkPolicy',
    resource: 'networkpolicies',
    read: false,
  },
  {
    group: 'crd.projectcalico.org',
    version: 'v1',
    kind: 'GlobalNetworkPolicy',
    resource: 'globalnetworkpolicies',
    read: false,
  },
  {
    group: 'projectcalico.org',
    version: 'v3',
    kind: 'NetworkPolicy',
    resource: 'networkpolicies',
    read: false,
  },
  {
    group: 'projectcalico.org',
    version: 'v3',
    kind: 'GlobalNetworkPolicy',
    resource: 'globalnetworkpolicies',
    read: false,
  },
];

/**
 * An object of kubernetes-sigs/network-policy-api, as the cluster serves it:
 * `AdminNetworkPolicy` and `BaselineAdminNetworkPolicy` (v1alpha1), or
 * `ClusterNetworkPolicy` (v1alpha2, with `spec.tier` Admin or Baseline).
 * @public
 */
export interface NetworkPolicyApiObject {
  apiVersion: string;
  kind:
    | 'AdminNetworkPolicy'
    | 'BaselineAdminNetworkPolicy'
    | 'ClusterNetworkPolicy';
  metadata: { name: string };
  spec: {
    tier?: string;
    priority?: number;
    subject?: {
      namespaces?: LabelSelector;
      pods?: { namespaceSelector?: LabelSelector; podSelector?: LabelSelector };
    };
    ingress?: NetworkPolicyApiRule[];
    egress?: NetworkPolicyApiRule[];
    [field: string]: unknown;
  };
}

/** One rule of a network-policy-api object; its peers and ports are kept as sent. @public */
export interface NetworkPolicyApiRule {
  name?: string;
  /** Allow, Deny or Pass (v1alpha1); Accept, Deny or Pass (v1alpha2). */
  action?: string;
  [field: string]: unknown;
}

/**
 * A kind of cluster-scoped network policy that Netseal counts but does not read, such as
 * Cilium's CiliumNetworkPolicy: any of its objects may override any verdict.
 * @public
 */
export interface CountedPolicyKind {
  kind: string;
  group: string;
  count: number;
}

/**
 * The cluster-scoped network policy of a cluster, beside its NetworkPolicies: the
 * network-policy-api objects, read; the vendor kinds present, counted; and why the
 * rest could not be known, when it could not.
 * @public
 */
export interface ClusterScopedPolicies {
  objects: NetworkPolicyApiObject[];
  counted: CountedPolicyKind[];
  /**
   * Why the cluster's cluster-scoped policies are not fully known (discovery failed, or
   * a kind could not be read); every verdict is then unknown, with this reason.
   */
  notKnown?: string[];
}

/** A network-policy-api object compiled for "may it decide this pod's traffic?". */
export interface CompiledClusterScopedPolicy {
  /** `BaselineAdminNetworkPolicy default`. */
  readonly name: string;
  readonly tier: 'admin' | 'baseline';
  selects(namespaceLabels: Labels, podLabels: Labels): boolean;
  /** Whether it has a rule of this direction that allows or denies (not Pass). */
  decides(direction: 'ingress' | 'egress'): boolean;
}

const DECIDING_ACTIONS = new Set(['Allow', 'Accept', 'Deny']);

function tierOf(
  object: NetworkPolicyApiObject,
  path: string,
): 'admin' | 'baseline' {
  if (object.kind === 'AdminNetworkPolicy') return 'admin';
  if (object.kind === 'BaselineAdminNetworkPolicy') return 'baseline';
  if (object.spec.tier === 'Admin') return 'admin';
  if (object.spec.tier === 'Baseline') return 'baseline';
  throw new ReachabilityInputError(
    `${path}.spec.tier must be Admin or Baseline (got ${JSON.stringify(
      object.spec.tier,
    )})`,
  );
}

/**
 * Compiles an AdminNetworkPolicy, BaselineAdminNetworkPolicy or ClusterNetworkPolicy
 * for the questions the model asks of it: whose traffic its subject selects, and in
 * which directions it has rules that allow or deny rather than pass.
 */
export function compileClusterScopedPolicy(
  object: NetworkPolicyApiObject,
): CompiledClusterScopedPolicy {
  const name = `${object.kind} ${object.metadata?.name}`;
  const spec = object.spec ?? {};
  const tier = tierOf(object, name);
  const subject = spec.subject ?? {};
  let namespaces: CompiledLabelSelector;
  let pods: CompiledLabelSelector | undefined;
  if (subject.namespaces && !subject.pods) {
    namespaces = compileLabelSelector(
      subject.namespaces,
      `${name}: spec.subject.namespaces`,
    );
  } else if (subject.pods && !subject.namespaces) {
    namespaces = compileLabelSelector(
      subject.pods.namespaceSelector ?? {},
      `${name}: spec.subject.pods.namespaceSelector`,
    );
    pods = compileLabelSelector(
      subject.pods.podSelector ?? {},
      `${name}: spec.subject.pods.podSelector`,
    );
  } else {
    throw new ReachabilityInputError(
      `${name}: spec.subject must name exactly one of namespaces and pods`,
    );
  }
  const deciding = {
    ingress: (spec.ingress ?? []).some(rule =>
      DECIDING_ACTIONS.has(String(rule.action)),
    ),
    egress: (spec.egress ?? []).some(rule =>
      DECIDING_ACTIONS.has(String(rule.action)),
    ),
  };
  return {
    name,
    tier,
    selects: (namespaceLabels, podLabels) =>
      namespaces.matches(namespaceLabels) && (!pods || pods.matches(podLabels)),
    decides: direction => deciding[direction],
  };
}

/** "3 CiliumNetworkPolicy objects (cilium.io)", or with a note: "(cilium.io, not read by Netseal)". */
export function describeCountedKind(
  counted: CountedPolicyKind,
  note?: string,
): string {
  return `${counted.count} ${counted.kind} object${
    counted.count === 1 ? '' : 's'
  } (${counted.group}${note ? `, ${note}` : ''})`;
}
