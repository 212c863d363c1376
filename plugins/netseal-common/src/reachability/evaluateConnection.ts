import type { NetworkPolicyProtocol } from '../types';
import type {
  CompiledPeer,
  CompiledPolicy,
  CompiledRule,
} from './compilePolicy';
import type { IndexedContainerPort, IndexedPod } from './indexCluster';
import { IpAddress, IpFamily, parseIpAddress } from './ipAddress';
import { peerMatchesAddress, peerMatchesPod } from './matchPeers';
import { resolveNamedPort, rulePortsMatch } from './matchPorts';
import { ownNodeAt, ownNodeEgressRule } from './ownNode';
import { ReachabilityInputError } from './ReachabilityInputError';
import { ReachabilityModel } from './ReachabilityModel';
import type {
  ConnectionProbe,
  ConnectionVerdict,
  DirectionVerdict,
  ConnectionEndpoint,
} from './types';

type ResolvedEndpoint =
  | { kind: 'pod'; pod: IndexedPod }
  | { kind: 'address'; address: IpAddress; text: string };

const PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'SCTP'];

function resolveEndpoint(
  model: ReachabilityModel,
  endpoint: ConnectionEndpoint,
  field: 'from' | 'to',
): ResolvedEndpoint {
  if (endpoint && 'pod' in endpoint) {
    return { kind: 'pod', pod: model.podOrThrow(endpoint.pod) };
  }
  if (endpoint && 'ip' in endpoint) {
    const address =
      typeof endpoint.ip === 'string' ? parseIpAddress(endpoint.ip) : undefined;
    if (!address) {
      throw new ReachabilityInputError(
        `probe.${field}.ip must be an IPv4 or IPv6 address (got ${JSON.stringify(
          endpoint.ip,
        )})`,
      );
    }
    // A pod's own address is that pod, with all its policies, not an outsider.
    const pod = model.cluster.podByAddress(address);
    return pod
      ? { kind: 'pod', pod }
      : { kind: 'address', address, text: endpoint.ip };
  }
  throw new ReachabilityInputError(
    `probe.${field} must be { pod: { namespace, name } } or { ip: "<address>" }`,
  );
}

function addressFamily(endpoint: ConnectionEndpoint): IpFamily | undefined {
  return 'ip' in endpoint ? parseIpAddress(endpoint.ip)?.family : undefined;
}

function decideDirection(
  isolating: readonly CompiledPolicy[],
  rulesOf: (policy: CompiledPolicy) => readonly CompiledRule[],
  peerMatches: (peer: CompiledPeer) => boolean,
  destinationPorts: readonly IndexedContainerPort[] | undefined,
  port: number,
  protocol: NetworkPolicyProtocol,
): DirectionVerdict {
  if (isolating.length === 0) return { outcome: 'not-isolated' };
  const isolatedBy = isolating.map(policy => policy.reference);
  // Policies are additive: any rule of any isolating policy may allow the connection.
  const allowedBy = isolating
    .filter(policy =>
      rulesOf(policy).some(
        rule =>
          rulePortsMatch(rule, destinationPorts, port, protocol) &&
          (rule.peers === undefined || rule.peers.some(peerMatches)),
      ),
    )
    .map(policy => policy.reference);
  return allowedBy.length > 0
    ? { outcome: 'allowed', allowedBy, isolatedBy }
    : { outcome: 'denied', isolatedBy };
}

/**
 * Decides one connection with the semantics of `networking.k8s.io/v1` (README.md lists the
 * rules and their sources). A pod-to-pod connection needs the source's egress and the
 * destination's ingress to allow it; with an address outside the cluster at one end, only
 * the pod's side is checked. The verdict names the policies that decided each side.
 *
 * Throws a {@link ReachabilityInputError} when the probe cannot be answered: an unknown
 * pod, two outside addresses, or a port name the destination pod does not declare.
 * @public
 */
export function evaluateConnection(
  model: ReachabilityModel,
  probe: ConnectionProbe,
): ConnectionVerdict {
  const from = resolveEndpoint(model, probe.from, 'from');
  const to = resolveEndpoint(model, probe.to, 'to');
  if (from.kind === 'address' && to.kind === 'address') {
    throw new ReachabilityInputError(
      `probe from ${from.text} to ${to.text}: neither end is a pod of the snapshot, so no NetworkPolicy applies; make one end a pod`,
    );
  }
  if (probe.protocol !== undefined && !PROTOCOLS.includes(probe.protocol)) {
    throw new ReachabilityInputError(
      `probe.protocol must be TCP, UDP or SCTP (got ${JSON.stringify(
        probe.protocol,
      )})`,
    );
  }

  const addressFamilies = [
    addressFamily(probe.from),
    addressFamily(probe.to),
  ].filter((family): family is IpFamily => family !== undefined);
  if (
    addressFamilies.length === 2 &&
    addressFamilies[0] !== addressFamilies[1]
  ) {
    throw new ReachabilityInputError(
      'probe.from and probe.to are addresses of different families; a connection uses one family',
    );
  }
  if (
    probe.ipFamily !== undefined &&
    addressFamilies.some(family => family !== probe.ipFamily)
  ) {
    throw new ReachabilityInputError(
      `probe.ipFamily is ${probe.ipFamily} but an endpoint address is ${addressFamilies[0]}; drop ipFamily or change the address`,
    );
  }
  const ipFamily: IpFamily =
    probe.ipFamily ??
    addressFamilies[0] ??
    (to.kind === 'pod' ? to.pod.primaryFamily : undefined) ??
    (from.kind === 'pod' ? from.pod.primaryFamily : undefined) ??
    'IPv4';

  const destinationPorts =
    to.kind === 'pod' ? to.pod.containerPorts : undefined;
  let port: number;
  let protocol: NetworkPolicyProtocol;
  let portName: string | undefined;
  if (typeof probe.port === 'string') {
    if (to.kind !== 'pod') {
      throw new ReachabilityInputError(
        `probe.port "${probe.port}" is a port name, but the destination ${to.text} is outside the cluster and declares no names; give a port number`,
      );
    }
    const declared = resolveNamedPort(
      probe.port,
      probe.protocol,
      to.pod.containerPorts,
    );
    if (!declared) {
      throw new ReachabilityInputError(
        `pod ${to.pod.reference.namespace}/${
          to.pod.reference.name
        } declares no container port named "${probe.port}"${
          probe.protocol ? ` for ${probe.protocol}` : ''
        }; probe a port number or a name the pod declares`,
      );
    }
    ({ port, protocol } = declared);
    portName = probe.port;
  } else {
    if (!Number.isInteger(probe.port) || probe.port < 1 || probe.port > 65535) {
      throw new ReachabilityInputError(
        `probe.port must be between 1 and 65535 or a port name (got ${JSON.stringify(
          probe.port,
        )})`,
      );
    }
    port = probe.port;
    protocol = probe.protocol ?? 'TCP';
    portName = destinationPorts?.find(
      declared =>
        declared.port === port &&
        declared.protocol === protocol &&
        declared.name,
    )?.name;
  }

  const matchesEndpoint =
    (endpoint: ResolvedEndpoint) => (peer: CompiledPeer) =>
      endpoint.kind === 'pod'
        ? peerMatchesPod(
            peer,
            endpoint.pod,
            model.cluster.namespaceLabels.get(endpoint.pod.namespace) ?? {},
            ipFamily,
          )
        : peerMatchesAddress(peer, endpoint.address);

  // Kubernetes: "traffic to and from the node where a Pod is running is always allowed";
  // a pod cannot block its own node. Settled for the node's incoming traffic.
  const fromOwnNode =
    from.kind === 'address' && to.kind === 'pod'
      ? ownNodeAt(model.snapshot, to.pod.reference, from.address)
      : undefined;
  const toOwnNode =
    to.kind === 'address' && from.kind === 'pod'
      ? ownNodeAt(model.snapshot, from.pod.reference, to.address)
      : undefined;
  const egress: DirectionVerdict =
    from.kind === 'pod'
      ? decideDirection(
          model.selectionOf(from.pod).egress,
          policy => policy.egressRules,
          matchesEndpoint(to),
          destinationPorts,
          port,
          protocol,
        )
      : { outcome: 'outside-cluster' };
  let ingress: DirectionVerdict =
    to.kind === 'pod'
      ? decideDirection(
          model.selectionOf(to.pod).ingress,
          policy => policy.ingressRules,
          matchesEndpoint(from),
          destinationPorts,
          port,
          protocol,
        )
      : { outcome: 'outside-cluster' };
  if (fromOwnNode) ingress = { outcome: 'own-node', node: fromOwnNode };

  const allowed = egress.outcome !== 'denied' && ingress.outcome !== 'denied';
  const mayBeOverriddenBy = model.clusterScopedOverrides().of(
    [
      ...(from.kind === 'pod'
        ? [
            {
              pod: from.pod,
              direction: 'egress' as const,
              isolated: egress.outcome !== 'not-isolated',
            },
          ]
        : []),
      ...(to.kind === 'pod'
        ? [
            {
              pod: to.pod,
              direction: 'ingress' as const,
              isolated: ingress.outcome !== 'not-isolated',
            },
          ]
        : []),
    ],
    model.cluster.namespaceLabels,
  );
  // The outgoing side is not settled: network plugins differ where policies deny it.
  if (toOwnNode && egress.outcome === 'denied') {
    mayBeOverriddenBy.push(ownNodeEgressRule(toOwnNode));
  }
  let verdict: ConnectionVerdict['verdict'] = allowed ? 'allowed' : 'denied';
  if (mayBeOverriddenBy.length > 0) verdict = 'unknown';
  return {
    allowed,
    verdict,
    ...(mayBeOverriddenBy.length > 0 ? { mayBeOverriddenBy } : {}),
    protocol,
    port,
    ...(portName ? { portName } : {}),
    ipFamily,
    egress,
    ingress,
  };
}
