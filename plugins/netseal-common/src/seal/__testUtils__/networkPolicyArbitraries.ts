import fc from 'fast-check';
import type {
  IPBlock,
  LabelSelector,
  LabelSelectorRequirement,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  PolicyType,
} from '../../types';

/*
 * Arbitraries for valid NetworkPolicies, in the variety a policy repository holds:
 * optional fields present or not, duplicates, IPv4 and IPv6 blocks with excepts, named
 * and numbered ports, ranges. They never produce addresses in 192.0.2.0/24
 * (TEST-NET-1), so a test can add a peer from there knowing it is new.
 */

const dnsLabel = fc.stringMatching(/^[a-z]([a-z0-9-]{0,6}[a-z0-9])?$/);

const labelKey = fc
  .tuple(
    fc.constantFrom('', 'app.kubernetes.io/', 'example.com/', 'netseal.io/'),
    fc.stringMatching(/^[a-zA-Z]([a-zA-Z0-9_.-]{0,6}[a-zA-Z0-9])?$/),
  )
  .map(([prefix, name]) => `${prefix}${name}`);

const labelValue = fc.stringMatching(
  /^([a-zA-Z0-9]([a-zA-Z0-9_.-]{0,6}[a-zA-Z0-9])?)?$/,
);

export const labels = fc.dictionary(labelKey, labelValue, {
  minKeys: 1,
  maxKeys: 3,
});

const requirement: fc.Arbitrary<LabelSelectorRequirement> = fc.oneof(
  fc.record({
    key: labelKey,
    operator: fc.constantFrom<'In' | 'NotIn'>('In', 'NotIn'),
    values: fc.array(labelValue, { minLength: 1, maxLength: 3 }),
  }),
  fc.record(
    {
      key: labelKey,
      operator: fc.constantFrom<'Exists' | 'DoesNotExist'>(
        'Exists',
        'DoesNotExist',
      ),
      values: fc.constant<string[]>([]),
    },
    { requiredKeys: ['key', 'operator'] },
  ),
);

export const selector: fc.Arbitrary<LabelSelector> = fc.record(
  {
    matchLabels: labels,
    matchExpressions: fc.array(requirement, { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: [] },
);

function ipv4Text(address: number): string {
  return [24, 16, 8, 0].map(shift => (address >>> shift) & 0xff).join('.');
}

function networkMask(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (~0 << (32 - prefixLength)) >>> 0;
}

// First octets 10 to 172: private, public, never 192 (see above).
const ipv4Block: fc.Arbitrary<IPBlock> = fc
  .record({
    address: fc
      .tuple(
        fc.integer({ min: 10, max: 172 }),
        fc.nat(255),
        fc.nat(255),
        fc.nat(255),
      )
      .map(([a, b, c, d]) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0),
    prefixLength: fc.integer({ min: 8, max: 28 }),
    excepts: fc.array(
      fc.record({
        hostBits: fc.nat().map(bits => bits >>> 0),
        extraBits: fc.integer({ min: 1, max: 4 }),
      }),
      { maxLength: 2 },
    ),
  })
  .map(({ address, prefixLength, excepts }) => {
    const network = (address & networkMask(prefixLength)) >>> 0;
    const ipBlock: IPBlock = { cidr: `${ipv4Text(network)}/${prefixLength}` };
    if (excepts.length > 0) {
      ipBlock.except = excepts.map(({ hostBits, extraBits }) => {
        // Inside the block: its network bits, then some of the host bits.
        const exceptPrefix = prefixLength + extraBits;
        const inside =
          (network | (hostBits & ~networkMask(prefixLength))) >>> 0;
        const exceptNetwork = (inside & networkMask(exceptPrefix)) >>> 0;
        return `${ipv4Text(exceptNetwork)}/${exceptPrefix}`;
      });
    }
    return ipBlock;
  });

const ipv6Block: fc.Arbitrary<IPBlock> = fc
  .record({
    site: fc.integer({ min: 1, max: 0xffff }),
    subnets: fc.array(fc.integer({ min: 1, max: 0xffff }), { maxLength: 2 }),
  })
  .map(({ site, subnets }) => {
    const ipBlock: IPBlock = { cidr: `2001:db8:${site.toString(16)}::/48` };
    if (subnets.length > 0) {
      ipBlock.except = subnets.map(
        subnet => `2001:db8:${site.toString(16)}:${subnet.toString(16)}::/64`,
      );
    }
    return ipBlock;
  });

export const peer: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
  fc.record({ podSelector: selector }),
  fc.record({ namespaceSelector: selector }),
  fc.record({ podSelector: selector, namespaceSelector: selector }),
  fc.record({ ipBlock: fc.oneof(ipv4Block, ipv6Block) }),
);

const portName = fc.stringMatching(/^[a-z]([a-z0-9]{0,5}-)?[a-z0-9]{1,6}$/);

export const port: fc.Arbitrary<NetworkPolicyPort> = fc
  .record(
    {
      protocol: fc.constantFrom<'TCP' | 'UDP' | 'SCTP'>('TCP', 'UDP', 'SCTP'),
      port: fc.oneof(fc.integer({ min: 1, max: 65535 }), portName),
      rangeLength: fc.integer({ min: 0, max: 1000 }),
    },
    { requiredKeys: [] },
  )
  .map(({ protocol, port: written, rangeLength }) => {
    const result: NetworkPolicyPort = {};
    if (protocol !== undefined) {
      result.protocol = protocol;
    }
    if (written !== undefined) {
      result.port = written;
      if (typeof written === 'number' && rangeLength !== undefined) {
        result.endPort = Math.min(65535, written + rangeLength);
      }
    }
    return result;
  });

const ingressRule = fc.record(
  {
    from: fc.array(peer, { minLength: 1, maxLength: 3 }),
    ports: fc.array(port, { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: [] },
);

const egressRule = fc.record(
  {
    to: fc.array(peer, { minLength: 1, maxLength: 3 }),
    ports: fc.array(port, { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: [] },
);

const policyTypes: fc.Arbitrary<PolicyType[]> = fc.shuffledSubarray<PolicyType>(
  ['Ingress', 'Egress'],
  { minLength: 1 },
);

/** Valid NetworkPolicies; validateNetworkPolicy finds nothing wrong with any of them. */
export const networkPolicy: fc.Arbitrary<NetworkPolicy> = fc
  .record({
    name: dnsLabel,
    namespace: dnsLabel,
    labels: fc.option(labels, { nil: undefined }),
    podSelector: selector,
    policyTypes: fc.option(policyTypes, { nil: undefined }),
    ingress: fc.option(fc.array(ingressRule, { minLength: 1, maxLength: 3 }), {
      nil: undefined,
    }),
    egress: fc.option(fc.array(egressRule, { minLength: 1, maxLength: 2 }), {
      nil: undefined,
    }),
  })
  .map(written => {
    const policy: NetworkPolicy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: written.name, namespace: written.namespace },
      spec: { podSelector: written.podSelector },
    };
    if (written.labels) {
      policy.metadata.labels = written.labels;
    }
    if (written.policyTypes) {
      policy.spec.policyTypes = written.policyTypes;
    }
    if (written.ingress) {
      policy.spec.ingress = written.ingress;
    }
    if (written.egress) {
      policy.spec.egress = written.egress;
    }
    return policy;
  });
