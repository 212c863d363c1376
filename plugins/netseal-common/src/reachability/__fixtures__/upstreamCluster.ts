/**
 * The cluster of the upstream NetworkPolicy conformance tests
 * (kubernetes/kubernetes test/e2e/network/netpol): namespaces x, y, z labelled `ns=<name>`;
 * pods a, b, c in each, labelled `pod=<name>`; every pod serves ports 80 and 81 over TCP,
 * UDP and SCTP with ports named like `serve-80-tcp`.
 */
import type {
  NetworkPolicy,
  NetworkPolicyProtocol,
  NetworkPolicySpec,
} from '../../types';
import { computeAccessMatrix } from '../computeAccessMatrix';
import { isPodAccessAllowed } from '../accessMatrixQueries';
import type { IpFamily } from '../ipAddress';
import type { ClusterPod, ClusterSnapshot, ContainerPort } from '../types';

export const NAMESPACES = ['x', 'y', 'z'] as const;
export const POD_NAMES = ['a', 'b', 'c'] as const;
const PROTOCOLS: NetworkPolicyProtocol[] = ['TCP', 'UDP', 'SCTP'];

/** `x/a` is 10.0.1.1 and fd00::1:1; `z/c` is 10.0.3.3 and fd00::3:3. */
export function podIPv4(namespace: string, pod: string): string {
  return `10.0.${NAMESPACES.indexOf(namespace as 'x') + 1}.${
    POD_NAMES.indexOf(pod as 'a') + 1
  }`;
}

export function podIPv6(namespace: string, pod: string): string {
  return `fd00::${NAMESPACES.indexOf(namespace as 'x') + 1}:${
    POD_NAMES.indexOf(pod as 'a') + 1
  }`;
}

function upstreamPod(namespace: string, name: string): ClusterPod {
  const containerPorts: ContainerPort[] = [80, 81].flatMap(port =>
    PROTOCOLS.map(protocol => ({
      name: `serve-${port}-${protocol.toLowerCase()}`,
      containerPort: port,
      protocol,
    })),
  );
  return {
    namespace,
    name,
    labels: { pod: name },
    ips: [podIPv4(namespace, name), podIPv6(namespace, name)],
    containerPorts,
  };
}

export function upstreamCluster(
  policies: NetworkPolicy[] = [],
): ClusterSnapshot {
  return {
    namespaces: NAMESPACES.map(name => ({ name, labels: { ns: name } })),
    pods: NAMESPACES.flatMap(namespace =>
      POD_NAMES.map(name => upstreamPod(namespace, name)),
    ),
    policies,
  };
}

export function networkPolicy(
  namespace: string,
  name: string,
  spec: NetworkPolicySpec,
): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { namespace, name },
    spec,
  };
}

const ALL_PODS = NAMESPACES.flatMap(namespace =>
  POD_NAMES.map(name => `${namespace}/${name}`),
);

/**
 * The reachability table the way upstream prints it: one row per source pod, one column
 * per destination pod, `.` when the connection is allowed and `X` when it is denied.
 */
export function truthTable(
  snapshot: ClusterSnapshot,
  port: number | string,
  protocol: NetworkPolicyProtocol = 'TCP',
  ipFamily?: IpFamily,
): string {
  const matrix = computeAccessMatrix(snapshot, { port, protocol, ipFamily });
  const reference = (pod: string) => {
    const [namespace, name] = pod.split('/');
    return { namespace, name };
  };
  const rows = ALL_PODS.map(
    from =>
      `${from} ${ALL_PODS.map(to =>
        isPodAccessAllowed(matrix, reference(from), reference(to)) ? '.' : 'X',
      ).join('   ')}`,
  );
  return [`-   ${ALL_PODS.join(' ')}`, ...rows].join('\n');
}

/** Lets tables in tests be indented and aligned freely. */
export function table(text: string): string {
  return text
    .split('\n')
    .map(line => line.trim().split(/\s+/).join(' '))
    .filter(line => line !== '')
    .join('\n');
}

export function normalizedTruthTable(
  snapshot: ClusterSnapshot,
  port: number | string,
  protocol: NetworkPolicyProtocol = 'TCP',
  ipFamily?: IpFamily,
): string {
  return table(truthTable(snapshot, port, protocol, ipFamily));
}

/** Every connection allowed. */
export const OPEN = `
  -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
  x/a .   .   .   .   .   .   .   .   .
  x/b .   .   .   .   .   .   .   .   .
  x/c .   .   .   .   .   .   .   .   .
  y/a .   .   .   .   .   .   .   .   .
  y/b .   .   .   .   .   .   .   .   .
  y/c .   .   .   .   .   .   .   .   .
  z/a .   .   .   .   .   .   .   .   .
  z/b .   .   .   .   .   .   .   .   .
  z/c .   .   .   .   .   .   .   .   .
`;
