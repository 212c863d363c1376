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

/**
 * The indexes of ranges that another range of their protocol covers; of two equal ranges
 * the first stays. One sweep in order of first port (widest first), so a rule listing
 * 12,000 ports costs a sort, not 12,000² comparisons: a range is covered exactly when a
 * range before it in that order reaches as far.
 */
function coveredRanges(entries: readonly PortEntry[]): Set<number> {
  const ranges = entries
    .map((entry, index) => ({ entry, index }))
    .filter(
      (
        item,
      ): item is {
        entry: Extract<PortEntry, { kind: 'range' }>;
        index: number;
      } => item.entry.kind === 'range',
    )
    .sort(
      (a, b) =>
        compareText(a.entry.protocol, b.entry.protocol) ||
        a.entry.first - b.entry.first ||
        b.entry.last - a.entry.last ||
        a.index - b.index,
    );
  const covered = new Set<number>();
  let protocol: string | undefined;
  let reach = -Infinity;
  for (const { entry, index } of ranges) {
    if (entry.protocol !== protocol) {
      protocol = entry.protocol;
      reach = -Infinity;
    }
    if (reach >= entry.last) covered.add(index);
    reach = Math.max(reach, entry.last);
  }
  return covered;
}

/**
 * Ranges of one protocol that touch or overlap, joined: `TCP 8080, TCP 8081` reads
 * `TCP 8080-8081`, and 12,000 ports listed one by one read as one range. The entries are
 * sorted, so a range joins the one just before it.
 */
function joinAdjacent(entries: readonly PortEntry[]): PortEntry[] {
  const joined: PortEntry[] = [];
  for (const entry of entries) {
    const previous = joined[joined.length - 1];
    if (
      entry.kind === 'range' &&
      previous?.kind === 'range' &&
      previous.protocol === entry.protocol &&
      entry.first <= previous.last + 1
    ) {
      joined[joined.length - 1] = {
        ...previous,
        last: Math.max(previous.last, entry.last),
      };
    } else {
      joined.push(entry);
    }
  }
  return joined;
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
 * ports), and ranges that touch are joined (TCP 80 and TCP 81 read TCP 80-81), so the
 * list says exactly what is allowed, nothing twice.
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
  const covered = coveredRanges(entries);
  const kept = entries.filter((entry, index) => {
    if (entry.kind === 'protocol') return true;
    if (wholeProtocols.has(entry.protocol)) return false;
    return entry.kind === 'name' || !covered.has(index);
  });
  return [...new Set(joinAdjacent(kept).map(entryInWords))];
}
