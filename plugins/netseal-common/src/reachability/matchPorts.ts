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

/** A rule's ports of one protocol, arranged so that a lookup does not walk them all. */
interface ProtocolPorts {
  /** An entry without a port: every port of the protocol. */
  every: boolean;
  numbers: Set<number>;
  /** `endPort` ranges, merged: sorted, disjoint, as [first, last]. */
  ranges: Array<[number, number]>;
  named: CompiledPort[];
}

const portIndexes = new WeakMap<
  CompiledRule,
  Map<NetworkPolicyProtocol, ProtocolPorts>
>();

/**
 * The rule's ports by protocol, built once per compiled rule. Without it a rule that
 * lists thousands of ports, asked about each of those ports in turn, costs the square of
 * their number (12,000 ports took 6 s).
 */
function portIndexOf(
  rule: CompiledRule,
): Map<NetworkPolicyProtocol, ProtocolPorts> {
  let index = portIndexes.get(rule);
  if (index) return index;
  index = new Map();
  for (const entry of rule.ports ?? []) {
    let ports = index.get(entry.protocol);
    if (!ports) {
      ports = { every: false, numbers: new Set(), ranges: [], named: [] };
      index.set(entry.protocol, ports);
    }
    if (entry.name !== undefined) ports.named.push(entry);
    else if (entry.port === undefined) ports.every = true;
    else if (entry.endPort === undefined) ports.numbers.add(entry.port);
    else ports.ranges.push([entry.port, entry.endPort]);
  }
  for (const ports of index.values()) {
    ports.ranges.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const [first, last] of ports.ranges) {
      const previous = merged[merged.length - 1];
      if (previous && first <= previous[1] + 1) {
        previous[1] = Math.max(previous[1], last);
      } else {
        merged.push([first, last]);
      }
    }
    ports.ranges = merged;
  }
  portIndexes.set(rule, index);
  return index;
}

function inRanges(ranges: ReadonlyArray<[number, number]>, port: number) {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [first, last] = ranges[middle];
    if (port < first) high = middle - 1;
    else if (port > last) low = middle + 1;
    else return true;
  }
  return false;
}

/** A rule without ports matches every port and protocol; otherwise any listed port may. */
export function rulePortsMatch(
  rule: CompiledRule,
  destinationPorts: readonly IndexedContainerPort[] | undefined,
  port: number,
  protocol: NetworkPolicyProtocol,
): boolean {
  if (rule.ports === undefined) return true;
  const ports = portIndexOf(rule).get(protocol);
  if (!ports) return false;
  return (
    ports.every ||
    ports.numbers.has(port) ||
    inRanges(ports.ranges, port) ||
    ports.named.some(policyPort =>
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
