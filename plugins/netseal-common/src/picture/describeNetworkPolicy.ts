import type {
  CanonicalNetworkPolicy,
  CanonicalNetworkPolicyPeer,
  CanonicalNetworkPolicyPort,
} from '../canonical/CanonicalNetworkPolicy';
import { canonicalize } from '../canonical/canonicalize';
import { listInWords } from '../reachability/listInWords';
import type { NetworkPolicy, PolicyType } from '../types';
import { peerInWords, selectedPodsInWords } from './peerInWords';
import { portsInWords } from './portsInWords';

function peersInWords(
  peers: readonly CanonicalNetworkPolicyPeer[],
  policyNamespace: string,
): string {
  if (peers.length === 0) return 'anywhere';
  const labels = peers.map(peer => peerInWords(peer, policyNamespace).label);
  // Any one of the peers suffices: "or" keeps that from reading as an AND.
  return listInWords([...new Set(labels)], 'or');
}

function portsOfRule(ports: readonly CanonicalNetworkPolicyPort[]): string {
  return listInWords(portsInWords(false, ports));
}

function directionSentences(
  canonical: CanonicalNetworkPolicy,
  direction: PolicyType,
): string[] {
  const { metadata, spec } = canonical;
  const pods = selectedPodsInWords(spec.podSelector, metadata.namespace);
  const ruleCount =
    direction === 'Ingress' ? spec.ingress.length : spec.egress.length;
  if (!spec.policyTypes.includes(direction)) {
    // Rules of a direction policyTypes leaves out have no effect; say so, they look real.
    return ruleCount > 0
      ? [
          `${direction} rules are not enforced: policyTypes lists only ${listInWords(
            spec.policyTypes,
          )}`,
        ]
      : [];
  }
  if (direction === 'Ingress') {
    if (ruleCount === 0) {
      return [
        `Ingress to ${pods}: denied from everywhere (isolated, no rule allows any peer)`,
      ];
    }
    return spec.ingress.map(
      rule =>
        `Ingress to ${pods} on ${portsOfRule(rule.ports)} from ${peersInWords(
          rule.from,
          metadata.namespace,
        )}`,
    );
  }
  if (ruleCount === 0) {
    return [
      `Egress from ${pods}: denied to everywhere (isolated, no rule allows any peer)`,
    ];
  }
  return spec.egress.map(
    rule =>
      `Egress from ${pods} to ${peersInWords(
        rule.to,
        metadata.namespace,
      )} on ${portsOfRule(rule.ports)}`,
  );
}

/**
 * What one NetworkPolicy allows, in plain language: one sentence per rule, ingress
 * first, e.g. "Ingress to pods app=payments in namespace shop on TCP 8080 from pods
 * app=gateway in namespaces team=edge", or one sentence for a direction the policy
 * isolates without any rule. Ports follow the end that listens on them.
 *
 * It describes the policy's canonical form, so it applies the API server's defaults
 * (policyTypes, protocol TCP), treats empty and missing lists alike, and gives the same
 * sentences, in the same order (the canonical form's, not the manifest's), for any two
 * manifests with the same seal. Never throws: parts the API server
 * would refuse are described and marked as such. See README.md in this folder.
 *
 * @public
 */
export function describeNetworkPolicy(policy: NetworkPolicy): string[] {
  const canonical = canonicalize(policy);
  return [
    ...directionSentences(canonical, 'Ingress'),
    ...directionSentences(canonical, 'Egress'),
  ];
}
