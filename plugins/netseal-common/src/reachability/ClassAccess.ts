import type { NetworkPolicyProtocol } from '../types';
import { Bitset } from './Bitset';
import type { CompiledPolicy, CompiledRule } from './compilePolicy';
import { coverageOf, IpFamily, IpRange } from './ipAddress';
import { resolveNamedPort, rulePortsMatch } from './matchPorts';
import type { PodClassPartition } from './PodClassPartition';
import type { ExternalCoverage } from './types';

export interface ClassProbe {
  readonly port: number | string;
  readonly protocol: NetworkPolicyProtocol;
  readonly ipFamily: IpFamily;
}

/** Addresses a pod class may exchange traffic with outside the pod network. */
type AllowedRanges = 'all' | readonly IpRange[];

/**
 * Who may reach whom among pod classes, for one policy set, port and protocol. Work is
 * done per class: each class's ingress and egress allowances are unions of bitsets of
 * peer classes, so a cell costs two bit tests.
 */
export class ClassAccess {
  /** Per destination class: the port number used, or -1 when a named port is undeclared. */
  readonly destinationPort: Int32Array;
  /** Per destination class: classes it accepts; undefined when not isolated for ingress. */
  readonly ingressAllowedFrom: (Bitset | undefined)[];
  /** Per source class: classes it may reach; undefined when not isolated for egress. */
  readonly egressAllowedTo: (Bitset | undefined)[];
  private readonly ingressPolicies: CompiledPolicy[][];
  private readonly egressPolicies: CompiledPolicy[][];
  private readonly rulePeers = new Map<CompiledRule, Bitset>();
  private readonly ruleDestinations = new Map<CompiledRule, Bitset>();
  private readonly full: Bitset;
  private readonly empty: Bitset;

  constructor(
    readonly partition: PodClassPartition,
    readonly policies: readonly CompiledPolicy[],
    readonly probe: ClassProbe,
  ) {
    const size = partition.size;
    this.full = Bitset.full(size);
    this.empty = new Bitset(size);
    this.destinationPort = new Int32Array(size);
    partition.classes.forEach(podClass => {
      if (typeof probe.port === 'number') {
        this.destinationPort[podClass.id] = probe.port;
      } else {
        const declared = resolveNamedPort(
          probe.port,
          probe.protocol,
          podClass.containerPorts,
        );
        this.destinationPort[podClass.id] = declared ? declared.port : -1;
      }
    });

    this.ingressPolicies = partition.classes.map(() => []);
    this.egressPolicies = partition.classes.map(() => []);
    for (const policy of policies) {
      for (const id of partition.selectedBy(policy)) {
        if (policy.affectsIngress) this.ingressPolicies[id].push(policy);
        if (policy.affectsEgress) this.egressPolicies[id].push(policy);
      }
    }
    this.ingressAllowedFrom = partition.classes.map(podClass =>
      this.computeIngress(podClass.id),
    );
    this.egressAllowedTo = partition.classes.map(podClass =>
      this.computeEgress(podClass.id),
    );
  }

  allows(source: number, destination: number): boolean {
    if (this.destinationPort[destination] < 0) return false;
    const egress = this.egressAllowedTo[source];
    if (egress && !egress.has(destination)) return false;
    const ingress = this.ingressAllowedFrom[destination];
    return !ingress || ingress.has(source);
  }

  /** How much of `range` (outside the pod network) the source class may reach. */
  podToExternal(source: number, range: IpRange): ExternalCoverage {
    // A port name means nothing on an outside address: nothing to reach.
    if (typeof this.probe.port === 'string') return 'none';
    const port = this.probe.port;
    return this.coverage(
      this.egressPolicies[source],
      policy => policy.egressRules,
      rule => rulePortsMatch(rule, undefined, port, this.probe.protocol),
      range,
    );
  }

  /** How much of `range` (outside the pod network) may reach the destination class. */
  externalToPod(range: IpRange, destination: number): ExternalCoverage {
    const port = this.destinationPort[destination];
    if (port < 0) return 'none';
    const containerPorts = this.partition.classes[destination].containerPorts;
    return this.coverage(
      this.ingressPolicies[destination],
      policy => policy.ingressRules,
      rule => rulePortsMatch(rule, containerPorts, port, this.probe.protocol),
      range,
    );
  }

  private coverage(
    isolating: readonly CompiledPolicy[],
    rulesOf: (policy: CompiledPolicy) => readonly CompiledRule[],
    portsMatch: (rule: CompiledRule) => boolean,
    range: IpRange,
  ): ExternalCoverage {
    if (isolating.length === 0) return 'all';
    const allowed: IpRange[] = [];
    for (const policy of isolating) {
      for (const rule of rulesOf(policy)) {
        if (!portsMatch(rule)) continue;
        const ranges = this.ruleRanges(rule);
        if (ranges === 'all') return 'all';
        allowed.push(...ranges);
      }
    }
    return coverageOf(range, allowed);
  }

  private ruleRanges(rule: CompiledRule): AllowedRanges {
    if (!rule.peers) return 'all';
    return rule.peers.flatMap(peer =>
      peer.kind === 'ipBlock' ? peer.ipBlock.ranges : [],
    );
  }

  private peersOf(rule: CompiledRule): Bitset {
    if (!rule.peers) return this.full;
    let set = this.rulePeers.get(rule);
    if (!set) {
      set = new Bitset(this.partition.size);
      for (const peer of rule.peers) {
        set.addAll(this.partition.peerClasses(peer, this.probe.ipFamily));
      }
      this.rulePeers.set(rule, set);
    }
    return set;
  }

  /** Destination classes on which an egress rule's ports match (named ports vary by class). */
  private destinationsOf(rule: CompiledRule): Bitset {
    if (!rule.ports) return this.full;
    if (typeof this.probe.port === 'number' && !rule.hasNamedPort) {
      return rulePortsMatch(
        rule,
        undefined,
        this.probe.port,
        this.probe.protocol,
      )
        ? this.full
        : this.empty;
    }
    let set = this.ruleDestinations.get(rule);
    if (!set) {
      set = new Bitset(this.partition.size);
      for (const podClass of this.partition.classes) {
        const port = this.destinationPort[podClass.id];
        if (
          port >= 0 &&
          rulePortsMatch(
            rule,
            podClass.containerPorts,
            port,
            this.probe.protocol,
          )
        ) {
          set.add(podClass.id);
        }
      }
      this.ruleDestinations.set(rule, set);
    }
    return set;
  }

  private computeIngress(destination: number): Bitset | undefined {
    const isolating = this.ingressPolicies[destination];
    if (isolating.length === 0) return undefined;
    const allowed = new Bitset(this.partition.size);
    const port = this.destinationPort[destination];
    if (port < 0) return allowed;
    const containerPorts = this.partition.classes[destination].containerPorts;
    for (const policy of isolating) {
      for (const rule of policy.ingressRules) {
        if (rulePortsMatch(rule, containerPorts, port, this.probe.protocol)) {
          allowed.addAll(this.peersOf(rule));
        }
      }
    }
    return allowed;
  }

  private computeEgress(source: number): Bitset | undefined {
    const isolating = this.egressPolicies[source];
    if (isolating.length === 0) return undefined;
    const allowed = new Bitset(this.partition.size);
    for (const policy of isolating) {
      for (const rule of policy.egressRules) {
        allowed.addIntersection(this.peersOf(rule), this.destinationsOf(rule));
      }
    }
    return allowed;
  }
}
