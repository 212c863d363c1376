import type { NetworkPolicy } from '../types';
import { diffAccess } from './diffAccess';
import type { IpFamily } from './ipAddress';
import { groupPortsAlike } from './groupPortsAlike';
import type { AnalysedPort } from './portsToAnalyse';
import { ReachabilityInputError } from './ReachabilityInputError';
import type { ReachabilityModel } from './ReachabilityModel';
import type { AccessDiff, ExternalEndpoint } from './types';

/** What a change opens and closes on one port. @public */
export interface PortAnalysis {
  analysed: AnalysedPort;
  diff: AccessDiff;
}

/**
 * Every ipBlock CIDR the policies name, of one address family, as endpoints named by the
 * CIDR: analysed with the pods, they show what a change opens or closes outside the
 * cluster.
 * @public
 */
export function ipBlockEndpoints(
  policies: readonly NetworkPolicy[],
  ipFamily: IpFamily,
): ExternalEndpoint[] {
  const cidrs = new Set<string>();
  for (const policy of policies) {
    const peers = [
      ...(policy.spec.ingress ?? []).flatMap(rule => rule.from ?? []),
      ...(policy.spec.egress ?? []).flatMap(rule => rule.to ?? []),
    ];
    for (const peer of peers) {
      const cidr = peer.ipBlock?.cidr;
      if (cidr !== undefined && cidr.includes(':') === (ipFamily === 'IPv6')) {
        cidrs.add(cidr);
      }
    }
  }
  return [...cidrs].sort().map(cidr => ({ name: cidr, cidr }));
}

/** One diff answering for every port of a group that all policies treat alike. @public */
export interface PortGroupAnalysis {
  /** The ports, first the one the diff was computed on; all of one protocol. */
  ports: AnalysedPort[];
  /** The diff on `ports[0]`; on each other port of the group it is the same. */
  diff: AccessDiff;
}

/**
 * Runs the reachability model's diff between two policy sets once per group of ports
 * that every policy treats alike (`groupPortsAlike`): the models share the snapshot's
 * compiled pods, so each group costs one diff, however many ports it holds. Throws a
 * ReachabilityInputError, led by the port, for a policy or pod the model cannot read.
 * @public
 */
export function analyseChangeByPortGroup(
  snapshotModel: ReachabilityModel,
  before: NetworkPolicy[],
  after: NetworkPolicy[],
  ports: readonly AnalysedPort[],
  options: { ipFamily: IpFamily; externalEndpoints: ExternalEndpoint[] },
): PortGroupAnalysis[] {
  const models = modelsOf(snapshotModel, before, after);
  return groupsOf(models, ports).map(group =>
    analyseGroup(models, group, options),
  );
}

/** @internal Both models of a change, sharing the snapshot's compiled pods. */
export function modelsOf(
  snapshotModel: ReachabilityModel,
  before: NetworkPolicy[],
  after: NetworkPolicy[],
) {
  const beforeModel = snapshotModel.withPolicies(before);
  return { before: beforeModel, after: beforeModel.withPolicies(after) };
}

/** @internal The ports in groups every policy of either model treats alike. */
export function groupsOf(
  models: { before: ReachabilityModel; after: ReachabilityModel },
  ports: readonly AnalysedPort[],
): AnalysedPort[][] {
  return groupPortsAlike(
    [...models.before.policies, ...models.after.policies],
    models.before.cluster.pods,
    ports,
  );
}

/** @internal The diff of one group of ports, computed on its first. */
export function analyseGroup(
  models: { before: ReachabilityModel; after: ReachabilityModel },
  group: AnalysedPort[],
  options: { ipFamily: IpFamily; externalEndpoints: ExternalEndpoint[] },
): PortGroupAnalysis {
  const [analysed] = group;
  try {
    return {
      ports: group,
      diff: diffAccess(models.before, models.after, {
        port: analysed.port,
        protocol: analysed.protocol,
        ...options,
      }),
    };
  } catch (error) {
    if (error instanceof ReachabilityInputError) {
      throw new ReachabilityInputError(
        `${analysed.protocol} ${analysed.port}: ${error.message}`,
      );
    }
    throw error;
  }
}

/**
 * Runs the reachability model's diff between two policy sets on each port, one analysis
 * per port. Ports that every policy treats alike share one diff (see
 * {@link analyseChangeByPortGroup}), copied with each port's own number.
 * @public
 */
export function analyseChange(
  snapshotModel: ReachabilityModel,
  before: NetworkPolicy[],
  after: NetworkPolicy[],
  ports: readonly AnalysedPort[],
  options: { ipFamily: IpFamily; externalEndpoints: ExternalEndpoint[] },
): PortAnalysis[] {
  const byPort = new Map<AnalysedPort, PortAnalysis>();
  for (const { ports: group, diff } of analyseChangeByPortGroup(
    snapshotModel,
    before,
    after,
    ports,
    options,
  )) {
    for (const analysed of group) {
      byPort.set(
        analysed,
        analysed === group[0]
          ? { analysed, diff }
          : {
              analysed,
              diff: {
                ...diff,
                port: analysed.port,
                changes: diff.changes.map(change => ({
                  ...change,
                  port: analysed.port,
                })),
              },
            },
      );
    }
  }
  return ports.map(port => byPort.get(port)!);
}

/** How the port that stands for all the others is written: `TCP any other port`. */
const OTHER_PORTS = 'any other port';

/**
 * The analysis's diff with its port written as people read it, for the wording functions
 * (describeAccessChange, summarizeAccessDiff): the port standing for every port no policy
 * and no pod names reads "any other port".
 * @public
 */
export function accessDiffAsWritten(analysis: PortAnalysis): AccessDiff {
  const { analysed, diff } = analysis;
  if (!analysed.otherPorts) {
    return diff;
  }
  return {
    ...diff,
    port: OTHER_PORTS,
    changes: diff.changes.map(change => ({ ...change, port: OTHER_PORTS })),
  };
}

/** `TCP 443`, or `TCP any other port`. @public */
export function analysedPortName(analysed: AnalysedPort): string {
  return `${analysed.protocol} ${
    analysed.otherPorts ? OTHER_PORTS : analysed.port
  }`;
}

/**
 * The ports of a group as people read them: `TCP 443`, `TCP 8000-8999, 9443`, or
 * `TCP any other port`; consecutive numbers are written as a range.
 * @public
 */
export function portGroupName(ports: readonly AnalysedPort[]): string {
  const [first] = ports;
  if (ports.length === 1) return analysedPortName(first);
  return `${first.protocol} ${portNumbersInWords(ports)}`;
}

/** `8000-8999, 9443`: the group's numbers, consecutive ones as ranges. */
export function portNumbersInWords(ports: readonly AnalysedPort[]): string {
  const numbers = ports
    .map(port => port.port)
    .filter((port): port is number => typeof port === 'number')
    .sort((a, b) => a - b);
  const runs: string[] = [];
  for (let start = 0; start < numbers.length; ) {
    let end = start;
    while (end + 1 < numbers.length && numbers[end + 1] === numbers[end] + 1) {
      end += 1;
    }
    runs.push(
      end === start ? `${numbers[start]}` : `${numbers[start]}-${numbers[end]}`,
    );
    start = end + 1;
  }
  const names = ports.filter(port => typeof port.port !== 'number');
  return [...runs, ...names.map(port => String(port.port))].join(', ');
}
