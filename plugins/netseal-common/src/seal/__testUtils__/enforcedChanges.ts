import type { NetworkPolicy, PolicyType } from '../../types';
import { Random, visitPolicyParts } from './policyParts';

/*
 * Changes to what the API server enforces. Each returns a changed copy, or undefined when
 * the policy has no place for it (the property test then skips that case). The seal must
 * change with every one of them.
 */

export type EnforcedChange = (
  policy: NetworkPolicy,
  random: Random,
) => NetworkPolicy | undefined;

export const addLabel: EnforcedChange = original => {
  const policy = structuredClone(original);
  policy.metadata.labels = {
    ...policy.metadata.labels,
    'netseal.io/added': 'yes',
  };
  return policy;
};

export const changeLabelValue: EnforcedChange = original => {
  const policy = structuredClone(original);
  const [key] = Object.keys(policy.metadata.labels ?? {});
  if (key === undefined || !policy.metadata.labels) {
    return undefined;
  }
  policy.metadata.labels[key] = `${policy.metadata.labels[key]}x`;
  return policy;
};

export const renamePolicy: EnforcedChange = original => {
  const policy = structuredClone(original);
  policy.metadata.name = `${policy.metadata.name}-2`;
  return policy;
};

export const moveToAnotherNamespace: EnforcedChange = original => {
  const policy = structuredClone(original);
  policy.metadata.namespace = `${policy.metadata.namespace}-2`;
  return policy;
};

/** A port number no rule of the policy mentions, as UDP, in the first ingress rule. */
export const addPort: EnforcedChange = original => {
  const policy = structuredClone(original);
  const rule = policy.spec.ingress?.[0];
  if (!rule) {
    return undefined;
  }
  rule.ports = [
    ...(rule.ports ?? []),
    { protocol: 'UDP', port: unusedPort(policy) },
  ];
  return policy;
};

/** A numbered port moves to a number the policy does not mention. */
export const changePortNumber: EnforcedChange = original => {
  const policy = structuredClone(original);
  let changed = false;
  const target = unusedPort(policy);
  visitPolicyParts(policy, {
    port(port) {
      if (
        !changed &&
        typeof port.port === 'number' &&
        port.endPort === undefined
      ) {
        port.port = target;
        changed = true;
      }
    },
  });
  return changed ? policy : undefined;
};

/** The first port of a rule switches protocol; no other entry of the rule has its port. */
export const changePortProtocol: EnforcedChange = original => {
  const policy = structuredClone(original);
  const rule = [
    ...(policy.spec.ingress ?? []),
    ...(policy.spec.egress ?? []),
  ].find(candidate => (candidate.ports ?? []).length > 0);
  const [port, ...others] = rule?.ports ?? [];
  if (
    !port ||
    others.some(
      other => other.port === port.port && other.endPort === port.endPort,
    )
  ) {
    return undefined;
  }
  port.protocol = (port.protocol ?? 'TCP') === 'TCP' ? 'SCTP' : 'TCP';
  return policy;
};

/** A peer from TEST-NET-1, which the arbitraries never produce. */
export const addPeer: EnforcedChange = (original, random) => {
  const policy = structuredClone(original);
  const rule = policy.spec.ingress?.[0];
  if (!rule) {
    return undefined;
  }
  const host = Math.floor(random() * 256);
  rule.from = [
    ...(rule.from ?? []),
    { ipBlock: { cidr: `192.0.2.${host}/32` } },
  ];
  return policy;
};

/** Excludes one more sub-block from the first ipBlock with room for it. */
export const addIPBlockExcept: EnforcedChange = original => {
  const policy = structuredClone(original);
  let changed = false;
  visitPolicyParts(policy, {
    ipBlock(ipBlock) {
      if (changed) {
        return;
      }
      const candidate = newExceptInside(ipBlock.cidr, ipBlock.except ?? []);
      if (candidate) {
        ipBlock.except = [...(ipBlock.except ?? []), candidate];
        changed = true;
      }
    },
  });
  return changed ? policy : undefined;
};

/** From the effective policyTypes, add the missing one, or drop Egress when both are on. */
export const changePolicyTypes: EnforcedChange = original => {
  const policy = structuredClone(original);
  const written = policy.spec.policyTypes ?? [];
  const effective: PolicyType[] =
    written.length > 0
      ? written
      : [
          'Ingress',
          ...((policy.spec.egress ?? []).length > 0
            ? (['Egress'] as const)
            : []),
        ];
  if (effective.includes('Ingress') && effective.includes('Egress')) {
    policy.spec.policyTypes = ['Ingress'];
  } else {
    policy.spec.policyTypes = [
      ...effective,
      effective.includes('Ingress') ? 'Egress' : 'Ingress',
    ];
  }
  return policy;
};

function unusedPort(policy: NetworkPolicy): number {
  const used = new Set<unknown>();
  visitPolicyParts(policy, {
    port(port) {
      used.add(port.port);
    },
  });
  let candidate = 1;
  while (used.has(candidate)) {
    candidate++;
  }
  return candidate;
}

// For an IPv4 block of prefix < 32: the sub-block with the next longer prefix that starts
// at the block's own address or, if that one is excluded already, at the upper half.
function newExceptInside(cidr: string, excepts: string[]): string | undefined {
  const [address, prefixText] = cidr.split('/');
  const prefixLength = Number(prefixText);
  if (address.includes(':')) {
    if (prefixLength >= 128) {
      return undefined;
    }
    const candidate = `${address}/${prefixLength + 1}`;
    return excepts.includes(candidate) ? undefined : candidate;
  }
  if (prefixLength >= 32) {
    return undefined;
  }
  const octets = address.split('.').map(Number);
  const value =
    ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>>
    0;
  const halves = [value, (value | (1 << (31 - prefixLength))) >>> 0].map(
    half =>
      `${[24, 16, 8, 0].map(shift => (half >>> shift) & 0xff).join('.')}/${
        prefixLength + 1
      }`,
  );
  return halves.find(half => !excepts.includes(half));
}
