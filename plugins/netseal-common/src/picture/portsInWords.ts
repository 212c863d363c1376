import type { CanonicalNetworkPolicyPort } from '../canonical/CanonicalNetworkPolicy';
import { compareText } from './compareText';

export const ALL_PORTS = 'all ports and protocols';

const PROTOCOL_ORDER = ['TCP', 'UDP', 'SCTP'];

function protocolRank(protocol: string): number {
  const rank = PROTOCOL_ORDER.indexOf(protocol);
  return rank === -1 ? PROTOCOL_ORDER.length : rank;
}

/** What one port entry allows, keyed for sorting: a whole protocol, a range, or a name. */
type PortEntry =
  | { kind: 'protocol'; protocol: string }
  | { kind: 'range'; protocol: string; first: number; last: number }
  | { kind: 'name'; protocol: string; name: string };

function toEntry(port: CanonicalNetworkPolicyPort): PortEntry {
  const protocol = String(port.protocol);
  if (port.port === undefined) return { kind: 'protocol', protocol };
  // A string is a named port, even "80": the API server keeps the JSON type apart.
  if (typeof port.port !== 'number') {
    return { kind: 'name', protocol, name: String(port.port) };
  }
  const last =
    typeof port.endPort === 'number' && port.endPort > port.port
      ? port.endPort
      : port.port;
  return { kind: 'range', protocol, first: port.port, last };
}

function entryInWords(entry: PortEntry): string {
  switch (entry.kind) {
    case 'protocol':
      return `all ${entry.protocol} ports`;
    case 'name':
      return `${entry.protocol} port named ${entry.name}`;
    default:
      return entry.first === entry.last
        ? `${entry.protocol} ${entry.first}`
        : `${entry.protocol} ${entry.first}-${entry.last}`;
  }
}

const KIND_RANK = { protocol: 0, range: 1, name: 2 };

function compareEntries(a: PortEntry, b: PortEntry): number {
  const byProtocol =
    protocolRank(a.protocol) - protocolRank(b.protocol) ||
    compareText(a.protocol, b.protocol);
  if (byProtocol !== 0) return byProtocol;
  if (a.kind === 'range' && b.kind === 'range') {
    return a.first - b.first || a.last - b.last;
  }
  if (a.kind === 'name' && b.kind === 'name') {
    return compareText(a.name, b.name);
  }
  return KIND_RANK[a.kind] - KIND_RANK[b.kind];
}

/** Whether a rule's ports allow every port and protocol: none listed, or each protocol whole. */
export function allowsEveryPort(
  ports: readonly CanonicalNetworkPolicyPort[],
): boolean {
  if (ports.length === 0) return true;
  const whole = new Set(
    ports.filter(port => port.port === undefined).map(port => port.protocol),
  );
  return PROTOCOL_ORDER.every(protocol =>
    whole.has(protocol as CanonicalNetworkPolicyPort['protocol']),
  );
}

/**
 * The union of some rules' ports in words, in a stable order (TCP, UDP, SCTP; whole
 * protocol, then numbers, then names): "TCP 8080", "TCP 8000-8100", "TCP port named
 * http", "all UDP ports", or just "all ports and protocols". An entry another one
 * already covers is left out (TCP 8080 beside TCP 8000-8100, anything beside all TCP
 * ports), so the list says exactly what is allowed and nothing twice.
 *
 * `everyPort`: one of the rules allows every port (its `ports` was empty).
 */
export function portsInWords(
  everyPort: boolean,
  ports: readonly CanonicalNetworkPolicyPort[],
): string[] {
  if (everyPort || allowsEveryPort(ports)) return [ALL_PORTS];
  const entries = ports.map(toEntry).sort(compareEntries);
  const wholeProtocols = new Set(
    entries.filter(entry => entry.kind === 'protocol').map(e => e.protocol),
  );
  const kept = entries.filter((entry, index) => {
    if (entry.kind === 'protocol') return true;
    if (wholeProtocols.has(entry.protocol)) return false;
    if (entry.kind === 'name') return true;
    // Covered by another range of the protocol; of two equal ranges the first stays.
    return !entries.some(
      (other, otherIndex) =>
        other.kind === 'range' &&
        other.protocol === entry.protocol &&
        other.first <= entry.first &&
        other.last >= entry.last &&
        (other.first !== entry.first ||
          other.last !== entry.last ||
          otherIndex < index),
    );
  });
  return [...new Set(kept.map(entryInWords))];
}
