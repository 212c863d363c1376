import type {
  CanonicalNetworkPolicy,
  CanonicalNetworkPolicyPeer,
  CanonicalNetworkPolicyPort,
} from '../canonical/CanonicalNetworkPolicy';
import { canonicalize } from '../canonical/canonicalize';
import {
  ClusterScopedPolicies,
  compileClusterScopedPolicy,
  describeCountedKind,
} from '../reachability/clusterScopedPolicies';
import { listInWords } from '../reachability/listInWords';
import type { NetworkPolicy, PolicyType } from '../types';
import { compareText } from './compareText';
import { ANYWHERE, peerInWords, selectedPodsInWords } from './peerInWords';
import { allowsEveryPort, portsInWords } from './portsInWords';
import type {
  ReachabilityDirection,
  ReachabilityEdge,
  ReachabilityPeer,
  ServiceReachability,
} from './ServiceReachability';

interface EdgeInProgress {
  peer: ReachabilityPeer;
  everyPort: boolean;
  ports: CanonicalNetworkPolicyPort[];
  policies: Set<string>;
}

interface Rule {
  peers: readonly CanonicalNetworkPolicyPeer[];
  ports: readonly CanonicalNetworkPolicyPort[];
}

function reference(policy: CanonicalNetworkPolicy): string {
  return `${policy.metadata.namespace}/${policy.metadata.name}`;
}

function rulesOf(
  policy: CanonicalNetworkPolicy,
  direction: PolicyType,
): Rule[] {
  return direction === 'Ingress'
    ? policy.spec.ingress.map(rule => ({ peers: rule.from, ports: rule.ports }))
    : policy.spec.egress.map(rule => ({ peers: rule.to, ports: rule.ports }));
}

const SUMMARIES = {
  Ingress: {
    notIsolated:
      'Ingress is NOT isolated: any pod or address may connect on any port.',
    allowAll: (policies: string) =>
      `Ingress is NOT restricted: ${policies} allows all ingress, so any pod or address may connect on any port.`,
    isolated:
      'Ingress is isolated: only the peers below may connect; all other traffic is denied by default.',
    deniedAll:
      'Ingress is isolated and no rule allows any peer: all ingress is denied.',
  },
  Egress: {
    notIsolated:
      'Egress is NOT isolated: the pods may connect to any pod or address on any port.',
    allowAll: (policies: string) =>
      `Egress is NOT restricted: ${policies} allows all egress, so the pods may connect to any pod or address on any port.`,
    isolated:
      'Egress is isolated: the pods may connect only to the peers below; all other traffic is denied by default.',
    deniedAll:
      'Egress is isolated and no rule allows any peer: all egress is denied, DNS lookups included.',
  },
};

/** What the picture says of the live policies that are not as sealed in Git. */
interface LiveNotes {
  unsealed: ReadonlySet<string>;
  drifted: ReadonlySet<string>;
}

/** A policy's reference, with what is wrong with it when it is not as sealed in Git. */
function noted(policyRef: string, notes: LiveNotes): string {
  if (notes.unsealed.has(policyRef)) {
    return `${policyRef} (live only, not sealed in Git)`;
  }
  if (notes.drifted.has(policyRef)) {
    return `${policyRef} (drifted from its seal)`;
  }
  return policyRef;
}

function describeDirection(
  policies: readonly CanonicalNetworkPolicy[],
  direction: PolicyType,
  notes: LiveNotes,
): ReachabilityDirection {
  const summaries = SUMMARIES[direction];
  const isolating = policies.filter(policy =>
    policy.spec.policyTypes.includes(direction),
  );
  if (isolating.length === 0) {
    return { mode: 'not-isolated', summary: summaries.notIsolated, peers: [] };
  }
  const edges = new Map<string, EdgeInProgress>();
  const allowingAll = new Set<string>();
  for (const policy of isolating) {
    const policyRef = reference(policy);
    for (const rule of rulesOf(policy, direction)) {
      const everyPort = allowsEveryPort(rule.ports);
      if (rule.peers.length === 0 && everyPort) allowingAll.add(policyRef);
      const peers =
        rule.peers.length === 0
          ? [ANYWHERE]
          : rule.peers.map(peer =>
              peerInWords(peer, policy.metadata.namespace),
            );
      for (const peer of peers) {
        const key = `${peer.kind}\u0000${peer.label}`;
        let edge = edges.get(key);
        if (!edge) {
          edge = { peer, everyPort: false, ports: [], policies: new Set() };
          edges.set(key, edge);
        }
        edge.everyPort ||= everyPort;
        edge.ports.push(...rule.ports);
        edge.policies.add(policyRef);
      }
    }
  }
  const peers: ReachabilityEdge[] = [...edges.values()]
    .sort(
      (a, b) =>
        compareText(a.peer.label, b.peer.label) ||
        compareText(a.peer.kind, b.peer.kind),
    )
    .map(edge => ({
      peer: edge.peer,
      ports: portsInWords(edge.everyPort, edge.ports),
      policies: [...edge.policies].sort(compareText),
    }));
  if (allowingAll.size > 0) {
    return {
      mode: 'allow-all',
      summary: summaries.allowAll(
        listInWords(
          [...allowingAll].sort(compareText).map(ref => noted(ref, notes)),
        ),
      ),
      peers,
    };
  }
  const unreviewed = [
    ...new Set(
      peers.flatMap(edge =>
        edge.policies.filter(
          ref => notes.unsealed.has(ref) || notes.drifted.has(ref),
        ),
      ),
    ),
  ].sort(compareText);
  return {
    mode: 'isolated',
    summary: `${peers.length > 0 ? summaries.isolated : summaries.deniedAll}${
      unreviewed.length > 0
        ? ` Peers of ${listInWords(
            unreviewed.map(ref => noted(ref, notes)),
          )} are among them, which no review approved.`
        : ''
    }`,
    peers,
  };
}

/** The union of the policies' podSelectors, when the caller does not name the pods. */
function podsOfPolicies(policies: readonly CanonicalNetworkPolicy[]): string {
  const described = new Set(
    policies.map(policy =>
      selectedPodsInWords(policy.spec.podSelector, policy.metadata.namespace),
    ),
  );
  return described.size === 0
    ? "the service's pods"
    : listInWords([...described].sort(compareText));
}

/**
 * The cluster-scoped policies that may decide a direction's traffic instead of the
 * NetworkPolicies. Without live pods the subjects cannot be matched, so every Admin-tier
 * policy that allows or denies in the direction may; a Baseline-tier one may only where
 * no NetworkPolicy isolates the direction (it comes after them); kinds Netseal counts
 * but does not read, and policies not known, always may.
 */
function overridesOf(
  clusterScoped: ClusterScopedPolicies | undefined,
  direction: 'ingress' | 'egress',
  isolated: boolean,
): string[] {
  if (!clusterScoped) return [];
  const names = new Set<string>();
  for (const object of clusterScoped.objects) {
    try {
      const policy = compileClusterScopedPolicy(object);
      if (policy.decides(direction) && (policy.tier === 'admin' || !isolated)) {
        names.add(policy.name);
      }
    } catch {
      // An object the model cannot read may decide anything.
      names.add(`${object.kind} ${object.metadata.name}`);
    }
  }
  for (const counted of clusterScoped.counted) {
    if (counted.count > 0) {
      names.add(describeCountedKind(counted, 'not read by Netseal'));
    }
  }
  for (const reason of clusterScoped.notKnown ?? []) {
    names.add(`cluster-scoped policies not known (${reason})`);
  }
  return [...names].sort(compareText);
}

function withOverrides(
  described: ReachabilityDirection,
  clusterScoped: ClusterScopedPolicies | undefined,
  direction: 'ingress' | 'egress',
): ReachabilityDirection {
  const mayBeOverriddenBy = overridesOf(
    clusterScoped,
    direction,
    described.mode !== 'not-isolated',
  );
  return mayBeOverriddenBy.length > 0
    ? { ...described, mayBeOverriddenBy }
    : described;
}

/**
 * Who may reach a service's pods and whom they may reach, from its policies in one
 * cluster (sealed, or live with `unsealed` and `drifted` naming those that are not as
 * sealed in Git, which the summaries then name as such): the picture the portal draws. A direction is `not-isolated` when no
 * policy lists it in its (defaulted) policyTypes, `allow-all` when a rule of one allows
 * every peer on every port, `isolated` otherwise, with the allowed peers merged across
 * rules and policies (ports and policies united) and ordered by label.
 *
 * The pods are taken to be those the policies select: the answer does not depend on
 * live pods or namespaces, so peers stay selectors and CIDRs. `pods` names them for the
 * page (e.g. from the entity's `backstage.io/kubernetes-id`); by default the policies'
 * podSelectors. Never throws. See README.md in this folder.
 *
 * @public
 */
export function describeServiceReachability(options: {
  policies: readonly NetworkPolicy[];
  pods?: string;
  /** The cluster's cluster-scoped network policy, which may override the picture. */
  clusterScoped?: ClusterScopedPolicies;
  /** Of `policies`, as `namespace/name`: live policies that are not in Git. */
  unsealed?: readonly string[];
  /** Of `policies`, as `namespace/name`: live policies that differ from their seal. */
  drifted?: readonly string[];
}): ServiceReachability {
  const policies = options.policies.map(canonicalize);
  const refs = new Set(policies.map(reference));
  const notes: LiveNotes = {
    unsealed: new Set(options.unsealed?.filter(ref => refs.has(ref))),
    drifted: new Set(options.drifted?.filter(ref => refs.has(ref))),
  };
  return {
    pods: options.pods ?? podsOfPolicies(policies),
    policies: [...refs].sort(compareText),
    ...(notes.unsealed.size > 0
      ? { unsealedPolicies: [...notes.unsealed].sort(compareText) }
      : {}),
    ...(notes.drifted.size > 0
      ? { driftedPolicies: [...notes.drifted].sort(compareText) }
      : {}),
    ingress: withOverrides(
      describeDirection(policies, 'Ingress', notes),
      options.clusterScoped,
      'ingress',
    ),
    egress: withOverrides(
      describeDirection(policies, 'Egress', notes),
      options.clusterScoped,
      'egress',
    ),
  };
}
