import type { NetworkPolicy } from '../types';
import { groupPortsAlike } from './groupPortsAlike';
import { portsToAnalyse } from './portsToAnalyse';
import { buildReachabilityModel } from './ReachabilityModel';
import type { ClusterPod } from './types';

function allowing(
  name: string,
  app: string,
  ports: NonNullable<NonNullable<NetworkPolicy['spec']['ingress']>[0]['ports']>,
): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: 'shop' },
    spec: {
      podSelector: { matchLabels: { app: 'payments' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app } } }], ports }],
    },
  };
}

const pods: ClusterPod[] = [
  {
    namespace: 'shop',
    name: 'payments-0',
    labels: { app: 'payments' },
    ips: ['10.0.0.5'],
    containerPorts: [{ name: 'http', containerPort: 8080 }],
  },
  {
    namespace: 'shop',
    name: 'checkout-0',
    labels: { app: 'checkout' },
    ips: ['10.0.0.6'],
    containerPorts: [{ name: 'http', containerPort: 9090 }],
  },
];

/** The groups, each written as `protocol port,port`. */
function groups(policies: NetworkPolicy[]): string[] {
  const model = buildReachabilityModel({
    namespaces: [{ name: 'shop' }],
    pods,
    policies,
  });
  return groupPortsAlike(
    model.policies,
    model.cluster.pods,
    portsToAnalyse(policies, pods),
  ).map(
    group =>
      `${group[0].protocol} ${group
        .map(port => `${port.port}${port.otherPorts ? '*' : ''}`)
        .join(',')}`,
  );
}

describe('groupPortsAlike', () => {
  it.each<[string, NetworkPolicy[], string[]]>([
    [
      'ports one rule lists one by one make one group',
      [
        allowing(
          'a',
          'checkout',
          Array.from({ length: 5 }, (_, i) => ({ port: 10000 + i })),
        ),
      ],
      [
        'TCP 8080',
        'TCP 9090',
        'TCP 10000,10001,10002,10003,10004',
        'TCP 1*',
        'UDP 1*',
        'SCTP 1*',
      ],
    ],
    [
      'ports named by different rules stay apart',
      [
        allowing('a', 'checkout', [{ port: 10000 }]),
        allowing('b', 'web', [{ port: 10001 }]),
      ],
      [
        'TCP 8080',
        'TCP 9090',
        'TCP 10000',
        'TCP 10001',
        'TCP 1*',
        'UDP 1*',
        'SCTP 1*',
      ],
    ],
    [
      'ports in a range and out of it stay apart, as do ports of the same rule that another names too',
      [
        allowing('a', 'checkout', [{ port: 10000, endPort: 10010 }]),
        allowing('b', 'web', [{ port: 10005 }, { port: 10020 }]),
      ],
      [
        'TCP 8080',
        'TCP 9090',
        'TCP 10000',
        'TCP 10005',
        'TCP 10020',
        'TCP 1*',
        'UDP 1*',
        'SCTP 1*',
      ],
    ],
    [
      'the same number in two protocols stays apart',
      [
        allowing('a', 'checkout', [
          { port: 53 },
          { port: 53, protocol: 'UDP' },
          { port: 54, protocol: 'UDP' },
        ]),
      ],
      [
        'TCP 53',
        'TCP 8080',
        'TCP 9090',
        'TCP 1*',
        'UDP 53,54',
        'UDP 1*',
        'SCTP 1*',
      ],
    ],
    [
      'two ports declared under one name by different pods stay apart',
      [allowing('a', 'checkout', [{ port: 'http' }])],
      ['TCP 8080', 'TCP 9090', 'TCP 1*', 'UDP 1*', 'SCTP 1*'],
    ],
  ])('%s', (_case, policies, expected) => {
    expect(groups(policies)).toEqual(expected);
  });
});
