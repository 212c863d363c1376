import type {
  IPBlock,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicyProtocol,
} from '../types';
import {
  Cidr,
  IpRange,
  isStrictSubrange,
  parseCidr,
  subtractRanges,
} from './ipAddress';
import { CompiledLabelSelector, compileLabelSelector } from './labelSelector';
import { ReachabilityInputError } from './ReachabilityInputError';
import type { PolicyReference } from './types';

export interface CompiledIpBlock {
  /** Equal keys match the same addresses. */
  readonly key: string;
  readonly cidr: Cidr;
  /** `cidr` minus every `except`, sorted and disjoint. */
  readonly ranges: readonly IpRange[];
}

export type CompiledPeer =
  | {
      readonly kind: 'pods';
      /** Equal keys select the same pods (the policy's namespace is part of the key when
       * the peer has no namespaceSelector). */
      readonly key: string;
      /** Absent: the policy's own namespace. */
      readonly namespaceSelector?: CompiledLabelSelector;
      readonly policyNamespace: string;
      /** Absent in the manifest: every pod of the selected namespaces. */
      readonly podSelector: CompiledLabelSelector;
    }
  | {
      readonly kind: 'ipBlock';
      readonly key: string;
      readonly ipBlock: CompiledIpBlock;
    };

export interface CompiledPort {
  readonly protocol: NetworkPolicyProtocol;
  /** Absent: every port of the protocol. */
  readonly port?: number;
  /** Inclusive end of a range starting at `port`. */
  readonly endPort?: number;
  /** A named port, resolved on the destination pod. */
  readonly name?: string;
}

export interface CompiledRule {
  /** Absent or empty `from`/`to`: every peer. */
  readonly peers?: readonly CompiledPeer[];
  /** Absent or empty `ports`: every port and protocol. */
  readonly ports?: readonly CompiledPort[];
  readonly hasNamedPort: boolean;
}

/** A NetworkPolicy with the API server's defaults applied and its selectors compiled. */
export interface CompiledPolicy {
  readonly reference: PolicyReference;
  readonly namespace: string;
  readonly podSelector: CompiledLabelSelector;
  readonly affectsIngress: boolean;
  readonly affectsEgress: boolean;
  /** Empty when the policy does not affect ingress, even if the manifest has rules. */
  readonly ingressRules: readonly CompiledRule[];
  readonly egressRules: readonly CompiledRule[];
}

const PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'SCTP'];
// IANA_SVC_NAME, as the API server validates named ports.
const PORT_NAME = /^(?=.*[a-z])(?!.*--)[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;

function isPortNumber(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 1 &&
    value <= 65535
  );
}

function compileIpBlock(ipBlock: IPBlock, path: string): CompiledIpBlock {
  if (typeof ipBlock !== 'object' || ipBlock === null) {
    throw new ReachabilityInputError(`${path} must be an object with a cidr`);
  }
  const cidr =
    typeof ipBlock.cidr === 'string' ? parseCidr(ipBlock.cidr) : undefined;
  if (!cidr) {
    throw new ReachabilityInputError(
      `${path}.cidr must be a CIDR such as 10.0.0.0/8 or 2001:db8::/64 (got ${JSON.stringify(
        ipBlock.cidr,
      )})`,
    );
  }
  const excepts = (ipBlock.except ?? []).map((text, index) => {
    const exceptPath = `${path}.except[${index}]`;
    const except = typeof text === 'string' ? parseCidr(text) : undefined;
    if (!except) {
      throw new ReachabilityInputError(
        `${exceptPath} must be a CIDR such as 10.1.0.0/16 (got ${JSON.stringify(
          text,
        )})`,
      );
    }
    // As upstream validation: an except must be a strict subset of cidr.
    if (!isStrictSubrange(except, cidr)) {
      throw new ReachabilityInputError(
        `${exceptPath} (${text}) must be a strict subset of cidr ${ipBlock.cidr}`,
      );
    }
    return except;
  });
  const key = JSON.stringify([
    cidr.family,
    cidr.first.toString(),
    cidr.prefixLength,
    excepts.map(e => `${e.first}/${e.prefixLength}`).sort(),
  ]);
  return { key, cidr, ranges: subtractRanges(cidr, excepts) };
}

function compilePeer(
  peer: NetworkPolicyPeer,
  policyNamespace: string,
  path: string,
): CompiledPeer {
  if (typeof peer !== 'object' || peer === null) {
    throw new ReachabilityInputError(`${path} must be an object`);
  }
  const hasSelector =
    peer.podSelector !== undefined || peer.namespaceSelector !== undefined;
  if (peer.ipBlock !== undefined) {
    if (hasSelector) {
      throw new ReachabilityInputError(
        `${path} sets ipBlock together with a selector; a peer is either an ipBlock or selectors`,
      );
    }
    const ipBlock = compileIpBlock(peer.ipBlock, `${path}.ipBlock`);
    return { kind: 'ipBlock', key: `ip:${ipBlock.key}`, ipBlock };
  }
  if (!hasSelector) {
    throw new ReachabilityInputError(
      `${path} must specify a peer: podSelector, namespaceSelector or ipBlock`,
    );
  }
  const podSelector = compileLabelSelector(
    peer.podSelector ?? {},
    `${path}.podSelector`,
  );
  const namespaceSelector =
    peer.namespaceSelector === undefined
      ? undefined
      : compileLabelSelector(
          peer.namespaceSelector,
          `${path}.namespaceSelector`,
        );
  const namespaceKey = namespaceSelector
    ? `ns:${namespaceSelector.key}`
    : `in:${JSON.stringify(policyNamespace)}`;
  return {
    kind: 'pods',
    key: `${namespaceKey}|pods:${podSelector.key}`,
    namespaceSelector,
    policyNamespace,
    podSelector,
  };
}

function compilePort(port: NetworkPolicyPort, path: string): CompiledPort {
  if (typeof port !== 'object' || port === null) {
    throw new ReachabilityInputError(`${path} must be an object`);
  }
  const protocol = port.protocol ?? 'TCP';
  if (!PROTOCOLS.includes(protocol)) {
    throw new ReachabilityInputError(
      `${path}.protocol must be TCP, UDP or SCTP (got ${JSON.stringify(
        port.protocol,
      )})`,
    );
  }
  if (port.port === undefined) {
    if (port.endPort !== undefined) {
      throw new ReachabilityInputError(
        `${path}.endPort needs a numeric port to start the range`,
      );
    }
    return { protocol };
  }
  if (typeof port.port === 'string') {
    if (!PORT_NAME.test(port.port)) {
      throw new ReachabilityInputError(
        `${path}.port "${port.port}" is neither a port number nor a valid port name (IANA_SVC_NAME: lowercase letters, digits and single hyphens, at most 15 characters)`,
      );
    }
    if (port.endPort !== undefined) {
      throw new ReachabilityInputError(
        `${path}.endPort cannot be used with the named port "${port.port}"; give a numeric port`,
      );
    }
    return { protocol, name: port.port };
  }
  if (!isPortNumber(port.port)) {
    throw new ReachabilityInputError(
      `${path}.port must be between 1 and 65535 (got ${JSON.stringify(
        port.port,
      )})`,
    );
  }
  if (port.endPort === undefined) return { protocol, port: port.port };
  if (!isPortNumber(port.endPort) || port.endPort < port.port) {
    throw new ReachabilityInputError(
      `${path}.endPort must be a port number no smaller than port ${
        port.port
      } (got ${JSON.stringify(port.endPort)})`,
    );
  }
  return { protocol, port: port.port, endPort: port.endPort };
}

function compileRule(
  rule: { ports?: NetworkPolicyPort[] } | undefined,
  peers: NetworkPolicyPeer[] | undefined,
  policyNamespace: string,
  path: string,
  peersField: 'from' | 'to',
): CompiledRule {
  // A rule that is not an object must not silently read as the allow-all empty rule.
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
    throw new ReachabilityInputError(
      `${path} must be a rule object (write {} to allow everything)`,
    );
  }
  const ports = rule.ports;
  if (peers !== undefined && !Array.isArray(peers)) {
    throw new ReachabilityInputError(
      `${path}.${peersField} must be a list of peers`,
    );
  }
  if (ports !== undefined && !Array.isArray(ports)) {
    throw new ReachabilityInputError(`${path}.ports must be a list of ports`);
  }
  const compiledPeers =
    peers && peers.length > 0
      ? peers.map((peer, i) =>
          compilePeer(peer, policyNamespace, `${path}.${peersField}[${i}]`),
        )
      : undefined;
  const compiledPorts =
    ports && ports.length > 0
      ? ports.map((port, i) => compilePort(port, `${path}.ports[${i}]`))
      : undefined;
  return {
    peers: compiledPeers,
    ports: compiledPorts,
    hasNamedPort: (compiledPorts ?? []).some(port => port.name !== undefined),
  };
}

/** Names a policy in error messages. */
function describePolicyForErrors(policy: NetworkPolicy): string {
  const namespace = policy?.metadata?.namespace ?? '?';
  const name = policy?.metadata?.name ?? '?';
  return `NetworkPolicy ${namespace}/${name}`;
}

/**
 * Applies the API server's defaulting and compiles a policy (see README.md for the rules).
 * Throws a {@link ReachabilityInputError} naming the policy and the field when the policy
 * is one the API server would refuse.
 */
export function compilePolicy(policy: NetworkPolicy): CompiledPolicy {
  const label = describePolicyForErrors(policy);
  const namespace = policy?.metadata?.namespace;
  const name = policy?.metadata?.name;
  if (typeof name !== 'string' || name === '') {
    throw new ReachabilityInputError(
      `${label}: metadata.name must be a non-empty string`,
    );
  }
  if (typeof namespace !== 'string' || namespace === '') {
    throw new ReachabilityInputError(
      `${label}: metadata.namespace must be set; a NetworkPolicy is namespaced`,
    );
  }
  const spec = policy.spec;
  if (typeof spec !== 'object' || spec === null) {
    throw new ReachabilityInputError(`${label}: spec must be an object`);
  }
  const podSelector = compileLabelSelector(
    spec.podSelector ?? {},
    `${label}: spec.podSelector`,
  );

  const policyTypes = spec.policyTypes ?? [];
  if (!Array.isArray(policyTypes)) {
    throw new ReachabilityInputError(
      `${label}: spec.policyTypes must be a list`,
    );
  }
  policyTypes.forEach((type, i) => {
    if (type !== 'Ingress' && type !== 'Egress') {
      throw new ReachabilityInputError(
        `${label}: spec.policyTypes[${i}] must be Ingress or Egress (got ${JSON.stringify(
          type,
        )})`,
      );
    }
  });
  if (spec.ingress !== undefined && !Array.isArray(spec.ingress)) {
    throw new ReachabilityInputError(
      `${label}: spec.ingress must be a list of rules`,
    );
  }
  if (spec.egress !== undefined && !Array.isArray(spec.egress)) {
    throw new ReachabilityInputError(
      `${label}: spec.egress must be a list of rules`,
    );
  }
  // SetDefaults_NetworkPolicy: an empty or missing policyTypes means Ingress, plus Egress
  // when there is at least one egress rule (`egress: []` does not count).
  const defaulted = policyTypes.length === 0;
  const affectsIngress = defaulted || policyTypes.includes('Ingress');
  const affectsEgress = defaulted
    ? (spec.egress ?? []).length > 0
    : policyTypes.includes('Egress');

  const ingressRules = (spec.ingress ?? []).map((rule, i) =>
    compileRule(
      rule,
      rule?.from,
      namespace,
      `${label}: spec.ingress[${i}]`,
      'from',
    ),
  );
  const egressRules = (spec.egress ?? []).map((rule, i) =>
    compileRule(rule, rule?.to, namespace, `${label}: spec.egress[${i}]`, 'to'),
  );

  return {
    reference: { namespace, name },
    namespace,
    podSelector,
    affectsIngress,
    affectsEgress,
    ingressRules: affectsIngress ? ingressRules : [],
    egressRules: affectsEgress ? egressRules : [],
  };
}
