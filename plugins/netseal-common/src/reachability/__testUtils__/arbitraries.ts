/**
 * fast-check generators of small clusters and policies that hit every rule of the model:
 * selectors of all operators, peers of all kinds, ipBlocks with excepts over the pods'
 * own addresses, named ports, port ranges, protocols and dual-stack pods.
 */
import fc from 'fast-check';
import type {
  IPBlock,
  LabelSelector,
  LabelSelectorRequirement,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicyProtocol,
  NetworkPolicySpec,
} from '../../types';
import type { IpFamily } from '../ipAddress';
import type { ClusterPod, ClusterSnapshot, ContainerPort } from '../types';

export const NAMESPACE_NAMES = ['n1', 'n2', 'n3'];

const labelKey = fc.constantFrom('app', 'tier', 'env', 'team');
const labelValue = fc.constantFrom('a', 'b', 'prod', 'dev');
const protocol = fc.constantFrom<NetworkPolicyProtocol>('TCP', 'UDP');

const labels = fc.dictionary(labelKey, labelValue, { maxKeys: 3 });

const requirement: fc.Arbitrary<LabelSelectorRequirement> = fc.oneof(
  fc.record({
    key: labelKey,
    operator: fc.constantFrom<'In' | 'NotIn'>('In', 'NotIn'),
    values: fc.uniqueArray(labelValue, { minLength: 1, maxLength: 2 }),
  }),
  fc.record({
    key: labelKey,
    operator: fc.constantFrom<'Exists' | 'DoesNotExist'>(
      'Exists',
      'DoesNotExist',
    ),
  }),
);

export const labelSelector: fc.Arbitrary<LabelSelector> = fc.oneof(
  fc.constant({}),
  fc.record({
    matchLabels: fc.dictionary(labelKey, labelValue, {
      minKeys: 1,
      maxKeys: 2,
    }),
  }),
  fc.record({
    matchExpressions: fc.array(requirement, { minLength: 1, maxLength: 2 }),
  }),
  fc.record({
    matchLabels: fc.dictionary(labelKey, labelValue, {
      minKeys: 1,
      maxKeys: 1,
    }),
    matchExpressions: fc.array(requirement, { minLength: 1, maxLength: 1 }),
  }),
);

/** Pods get 10.0.0.1, 10.0.0.2, … and, when dual-stack, fd00::1, fd00::2, … */
const ipBlock: fc.Arbitrary<IPBlock> = fc.constantFrom(
  { cidr: '10.0.0.0/29' },
  { cidr: '10.0.0.0/28', except: ['10.0.0.4/30'] },
  { cidr: '10.0.0.2/31' },
  { cidr: '10.0.0.3/32' },
  { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] },
  { cidr: '0.0.0.0/0' },
  { cidr: 'fd00::/125', except: ['fd00::2/127'] },
  { cidr: '8.8.8.0/24' },
);

const peer: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
  fc.record({ podSelector: labelSelector }),
  fc.record({ namespaceSelector: labelSelector }),
  fc.record({ podSelector: labelSelector, namespaceSelector: labelSelector }),
  fc.record({ ipBlock }),
);

const policyPort: fc.Arbitrary<NetworkPolicyPort> = fc.oneof(
  fc.record(
    { port: fc.constantFrom(80, 81), protocol },
    { requiredKeys: ['port'] },
  ),
  fc.record(
    { port: fc.constantFrom('http', 'dns'), protocol },
    { requiredKeys: ['port'] },
  ),
  fc.record(
    { port: fc.constant(79), endPort: fc.constantFrom(80, 81), protocol },
    { requiredKeys: ['port', 'endPort'] },
  ),
  fc.record({ protocol }),
);

const ports = fc.array(policyPort, { maxLength: 2 });
const peers = fc.array(peer, { maxLength: 2 });

export const policySpec: fc.Arbitrary<NetworkPolicySpec> = fc.record(
  {
    podSelector: labelSelector,
    policyTypes: fc.subarray<'Ingress' | 'Egress'>(['Ingress', 'Egress']),
    ingress: fc.array(fc.record({ from: peers, ports }, { requiredKeys: [] }), {
      maxLength: 2,
    }),
    egress: fc.array(fc.record({ to: peers, ports }, { requiredKeys: [] }), {
      maxLength: 2,
    }),
  },
  { requiredKeys: ['podSelector'] },
);

export function networkPolicies(
  specs: Array<{ namespace: string; spec: NetworkPolicySpec }>,
  prefix = 'p',
): NetworkPolicy[] {
  return specs.map(({ namespace, spec }, i) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { namespace, name: `${prefix}${i}` },
    spec,
  }));
}

export const namespacedSpecs = (maxLength: number) =>
  fc.array(
    fc.record({
      namespace: fc.constantFrom(...NAMESPACE_NAMES),
      spec: policySpec,
    }),
    { maxLength },
  );

// Pods often share labels and ports, so that classes hold several pods that only their
// addresses (and so ipBlocks) tell apart.
const containerPort: fc.Arbitrary<ContainerPort[]> = fc.oneof(
  {
    arbitrary: fc.constant<ContainerPort[]>([
      { name: 'http', containerPort: 80 },
    ]),
    weight: 4,
  },
  {
    arbitrary: fc.constantFrom<ContainerPort[]>(
      [],
      [{ name: 'http', containerPort: 81 }],
      [{ name: 'http', containerPort: 80, protocol: 'UDP' }],
      [
        { name: 'http', containerPort: 80 },
        { name: 'dns', containerPort: 81, protocol: 'UDP' },
      ],
    ),
    weight: 3,
  },
);

const podLabels: fc.Arbitrary<Record<string, string>> = fc.oneof(
  {
    arbitrary: fc.constantFrom<Record<string, string>>({}, { app: 'a' }),
    weight: 2,
  },
  { arbitrary: labels, weight: 3 },
);

const podShape = fc.record({
  namespace: fc.constantFrom(...NAMESPACE_NAMES),
  labels: podLabels,
  containerPorts: containerPort,
  dualStack: fc.boolean(),
});

export const cluster: fc.Arbitrary<ClusterSnapshot> = fc
  .record({
    namespaceLabels: fc.tuple(labels, labels, labels),
    pods: fc.array(podShape, { minLength: 1, maxLength: 7 }),
    policies: namespacedSpecs(4),
  })
  .map(({ namespaceLabels, pods, policies }) => ({
    namespaces: NAMESPACE_NAMES.map((name, i) => ({
      name,
      labels: namespaceLabels[i],
    })),
    pods: pods.map(
      (pod, i): ClusterPod => ({
        namespace: pod.namespace,
        name: `pod${i}`,
        labels: pod.labels,
        ips: pod.dualStack
          ? [`10.0.0.${i + 1}`, `fd00::${i + 1}`]
          : [`10.0.0.${i + 1}`],
        containerPorts: pod.containerPorts,
      }),
    ),
    policies: networkPolicies(policies),
  }));

export interface Probe {
  port: number | string;
  protocol: NetworkPolicyProtocol;
  ipFamily: IpFamily;
}

export const probe: fc.Arbitrary<Probe> = fc.record({
  port: fc.constantFrom<number | string>(80, 81, 79, 'http', 'dns'),
  protocol,
  ipFamily: fc.constantFrom<IpFamily>('IPv4', 'IPv6'),
});

/** Outside addresses, some inside the generated blocks; none is a pod address. */
export const EXTERNAL_ADDRESSES = [
  '10.0.0.200',
  '8.8.8.8',
  '192.0.2.1',
  'fd00::3:1',
];
