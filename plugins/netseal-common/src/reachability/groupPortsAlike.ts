import type { NetworkPolicyProtocol } from '../types';
import type { CompiledPolicy, CompiledRule } from './compilePolicy';
import type { IndexedPod } from './indexCluster';
import type { AnalysedPort } from './portsToAnalyse';

/**
 * Past this many rule ids written into port signatures, ports are no longer grouped:
 * each is analysed on its own, and the analysis budget decides whether that is affordable.
 */
const MAX_SIGNATURE_WORK = 2_000_000;

/**
 * The ports, in groups whose members every policy treats alike, so that one diff answers
 * for a whole group. Two ports of a protocol are alike when the same rules name them by
 * number (a `port`, or an `endPort` range holding them) and the same pods declare a named
 * port with their number: then each rule matches both or neither on every destination,
 * and every verdict on one is the verdict on the other. A rule that lists 12,000 ports
 * one by one makes one group, not 12,000 diffs.
 *
 * Groups keep the order of their first port; the port standing for "any other port" is
 * always a group of its own. Exact, never a guess: ports that might differ are not grouped.
 */
export function groupPortsAlike(
  policies: readonly CompiledPolicy[],
  pods: readonly IndexedPod[],
  ports: readonly AnalysedPort[],
): AnalysedPort[][] {
  const ruleIds = new Map<CompiledRule, number>();
  for (const policy of policies) {
    for (const rule of [...policy.ingressRules, ...policy.egressRules]) {
      if (!ruleIds.has(rule)) ruleIds.set(rule, ruleIds.size);
    }
  }
  const signatures = new Map<AnalysedPort, string>();
  let work = 0;
  for (const protocol of new Set(ports.map(port => port.protocol))) {
    const numbered = ports
      .filter(
        port => port.protocol === protocol && typeof port.port === 'number',
      )
      .sort((a, b) => (a.port as number) - (b.port as number));
    const found = signaturesOf(protocol, numbered, ruleIds, pods, work);
    if (!found) {
      return ports.map(port => [port]);
    }
    work = found.work;
    found.signatures.forEach((signature, port) =>
      signatures.set(port, signature),
    );
  }

  const groups = new Map<string, AnalysedPort[]>();
  ports.forEach((port, index) => {
    const key =
      port.otherPorts || !signatures.has(port)
        ? `alone:${index}`
        : `${port.protocol}|${signatures.get(port)}`;
    const group = groups.get(key);
    if (group) group.push(port);
    else groups.set(key, [port]);
  });
  return [...groups.values()];
}

/**
 * Each port's signature (the rules naming its number, then the pods' named declarations of
 * it), in one sweep over the sorted ports: the set of rules naming a port changes only
 * where a port or range starts or ends, so it is written out only there.
 */
function signaturesOf(
  protocol: NetworkPolicyProtocol,
  sorted: readonly AnalysedPort[],
  ruleIds: ReadonlyMap<CompiledRule, number>,
  pods: readonly IndexedPod[],
  workSoFar: number,
): { signatures: Map<AnalysedPort, string>; work: number } | undefined {
  // Where each rule starts (+1) and stops (-1) naming a run of port numbers.
  const events: Array<[position: number, change: number, rule: number]> = [];
  for (const [rule, id] of ruleIds) {
    for (const entry of rule.ports ?? []) {
      if (
        entry.protocol !== protocol ||
        entry.name !== undefined ||
        entry.port === undefined
      ) {
        continue;
      }
      events.push(
        [entry.port, 1, id],
        [(entry.endPort ?? entry.port) + 1, -1, id],
      );
    }
  }
  events.sort((a, b) => a[0] - b[0]);
  const declarations = new Map<number, string[]>();
  for (const pod of pods) {
    for (const declared of pod.containerPorts) {
      if (declared.name === undefined || declared.protocol !== protocol) {
        continue;
      }
      const list = declarations.get(declared.port) ?? [];
      list.push(`${pod.index}:${declared.name}`);
      declarations.set(declared.port, list);
    }
  }

  const counts = new Map<number, number>();
  let rulesKey = '';
  let changed = true;
  let next = 0;
  let work = workSoFar;
  const signatures = new Map<AnalysedPort, string>();
  for (const port of sorted) {
    const number = port.port as number;
    while (next < events.length && events[next][0] <= number) {
      const [, change, rule] = events[next++];
      const count = (counts.get(rule) ?? 0) + change;
      if (count === 0) counts.delete(rule);
      else counts.set(rule, count);
      changed = true;
    }
    if (changed) {
      const active = [...counts.keys()].sort((a, b) => a - b);
      work += active.length + 1;
      if (work > MAX_SIGNATURE_WORK) return undefined;
      rulesKey = active.join(',');
      changed = false;
    }
    const declared = (declarations.get(number) ?? []).sort().join(',');
    signatures.set(port, `${rulesKey}|${declared}`);
  }
  return { signatures, work };
}
