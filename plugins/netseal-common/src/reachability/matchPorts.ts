import type { NetworkPolicyProtocol } from '../types';
import type { CompiledPort, CompiledRule } from './compilePolicy';
import type { IndexedContainerPort } from './indexCluster';

/**
 * Whether one NetworkPolicyPort matches traffic to `port`/`protocol`. A named port matches
 * only when the destination pod declares a port of that name with this number and
 * protocol; a destination outside the cluster (`destinationPorts` undefined) declares no
 * names, so named ports never match it.
 */
export function portMatches(
  policyPort: CompiledPort,
  destinationPorts: readonly IndexedContainerPort[] | undefined,
  port: number,
  protocol: NetworkPolicyProtocol,
): boolean {
  if (policyPort.protocol !== protocol) return false;
  if (policyPort.name !== undefined) {
    return (destinationPorts ?? []).some(
      declared =>
        declared.name === policyPort.name &&
        declared.protocol === protocol &&
        declared.port === port,
    );
  }
  if (policyPort.port === undefined) return true;
  if (policyPort.endPort === undefined) return policyPort.port === port;
  return policyPort.port <= port && port <= policyPort.endPort;
}

/** A rule without ports matches every port and protocol; otherwise any listed port may. */
export function rulePortsMatch(
  rule: CompiledRule,
  destinationPorts: readonly IndexedContainerPort[] | undefined,
  port: number,
  protocol: NetworkPolicyProtocol,
): boolean {
  return (
    rule.ports === undefined ||
    rule.ports.some(policyPort =>
      portMatches(policyPort, destinationPorts, port, protocol),
    )
  );
}

/** Resolves a named port on a destination pod; undefined when it declares no such port. */
export function resolveNamedPort(
  name: string,
  protocol: NetworkPolicyProtocol | undefined,
  destinationPorts: readonly IndexedContainerPort[],
): IndexedContainerPort | undefined {
  return destinationPorts.find(
    declared =>
      declared.name === name &&
      (protocol === undefined || declared.protocol === protocol),
  );
}
