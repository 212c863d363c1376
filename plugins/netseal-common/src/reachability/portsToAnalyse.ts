import type {
  NetworkPolicy,
  NetworkPolicyPort,
  NetworkPolicyProtocol,
} from '../types';
import type { ClusterPod } from './types';

/** One port and protocol a change is analysed on. @public */
export interface AnalysedPort {
  protocol: NetworkPolicyProtocol;
  /** A port number, or a port name resolved on each destination pod. */
  port: number | string;
  /**
   * The port stands for every port of its protocol that no policy and no pod names: they
   * all get the same verdicts, so one of them (the lowest) answers for all.
   */
  otherPorts: boolean;
}

const PROTOCOLS: readonly NetworkPolicyProtocol[] = ['TCP', 'UDP', 'SCTP'];

function portsOf(policy: NetworkPolicy): NetworkPolicyPort[] {
  return [
    ...(policy.spec.ingress ?? []).flatMap(rule => rule.ports ?? []),
    ...(policy.spec.egress ?? []).flatMap(rule => rule.ports ?? []),
  ];
}

/**
 * The ports on which a change of policies can open or close anything, so that analysing
 * just these misses nothing:
 *
 * - every port number a rule names (the first port of an `endPort` range stands for it);
 * - every port a pod declares with a name: a rule's port name means these numbers;
 * - per protocol, one port that none of the above is, standing for all the others, which
 *   only rules without a port (or without ports at all) reach, all alike.
 *
 * Sorted by protocol (TCP, UDP, SCTP) and number, the other ports last.
 * @public
 */
export function portsToAnalyse(
  policies: readonly NetworkPolicy[],
  pods: readonly ClusterPod[],
): AnalysedPort[] {
  const named = new Map<NetworkPolicyProtocol, Set<number>>(
    PROTOCOLS.map(protocol => [protocol, new Set<number>()]),
  );
  const taken = new Map<NetworkPolicyProtocol, Array<[number, number]>>(
    PROTOCOLS.map(protocol => [protocol, []]),
  );
  const add = (
    protocol: NetworkPolicyProtocol,
    first: number,
    last = first,
  ) => {
    named.get(protocol)?.add(first);
    taken.get(protocol)?.push([first, last]);
  };
  for (const policy of policies) {
    for (const port of portsOf(policy)) {
      if (typeof port.port === 'number') {
        add(port.protocol ?? 'TCP', port.port, port.endPort ?? port.port);
      }
    }
  }
  for (const pod of pods) {
    for (const declared of pod.containerPorts ?? []) {
      const protocol = declared.protocol ?? 'TCP';
      if (declared.name) {
        add(protocol, declared.containerPort);
      } else {
        // Not a port any rule can name, but no stand-in for the others either.
        taken
          .get(protocol)
          ?.push([declared.containerPort, declared.containerPort]);
      }
    }
  }

  return PROTOCOLS.flatMap(protocol => {
    // The lowest port in no range: sorted by their first port, the ranges are passed in one sweep.
    const ranges = [...(taken.get(protocol) ?? [])].sort((a, b) => a[0] - b[0]);
    let other = 1;
    for (const [first, last] of ranges) {
      if (first > other) {
        break;
      }
      other = Math.max(other, last + 1);
    }
    const ports: AnalysedPort[] = [...(named.get(protocol) ?? [])]
      .sort((a, b) => a - b)
      .map(port => ({ protocol, port, otherPorts: false }));
    if (other <= 65535) {
      ports.push({ protocol, port: other, otherPorts: true });
    }
    return ports;
  });
}
