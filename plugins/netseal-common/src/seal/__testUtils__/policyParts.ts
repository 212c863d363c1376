import type {
  IPBlock,
  LabelSelector,
  LabelSelectorRequirement,
  NetworkPolicy,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
  NetworkPolicyPort,
} from '../../types';

/** Walks every part of a policy that the property tests change. */
export interface PolicyPartVisitor {
  /** `peers` names the rule's list of peers: `from` in ingress, `to` in egress. */
  rule?(
    rule: NetworkPolicyIngressRule | NetworkPolicyEgressRule,
    peers: 'from' | 'to',
  ): void;
  peer?(peer: NetworkPolicyPeer): void;
  port?(port: NetworkPolicyPort): void;
  selector?(selector: LabelSelector): void;
  requirement?(requirement: LabelSelectorRequirement): void;
  ipBlock?(ipBlock: IPBlock): void;
}

export function visitPolicyParts(
  policy: NetworkPolicy,
  visitor: PolicyPartVisitor,
): void {
  const visitSelector = (selector: LabelSelector) => {
    visitor.selector?.(selector);
    for (const requirement of selector.matchExpressions ?? []) {
      visitor.requirement?.(requirement);
    }
  };
  visitSelector(policy.spec.podSelector);
  type RuleEntry = {
    rule: NetworkPolicyIngressRule | NetworkPolicyEgressRule;
    peers: NetworkPolicyPeer[] | undefined;
    peersKey: 'from' | 'to';
  };
  const rules: RuleEntry[] = [
    ...(policy.spec.ingress ?? []).map(
      (rule): RuleEntry => ({ rule, peers: rule.from, peersKey: 'from' }),
    ),
    ...(policy.spec.egress ?? []).map(
      (rule): RuleEntry => ({ rule, peers: rule.to, peersKey: 'to' }),
    ),
  ];
  for (const { rule, peers, peersKey } of rules) {
    visitor.rule?.(rule, peersKey);
    for (const peer of peers ?? []) {
      visitor.peer?.(peer);
      if (peer.podSelector) {
        visitSelector(peer.podSelector);
      }
      if (peer.namespaceSelector) {
        visitSelector(peer.namespaceSelector);
      }
      if (peer.ipBlock) {
        visitor.ipBlock?.(peer.ipBlock);
      }
    }
    for (const port of rule.ports ?? []) {
      visitor.port?.(port);
    }
  }
}

/** A deterministic source of randomness for changes driven by a fast-check seed. */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  // mulberry32
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: Random): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}
