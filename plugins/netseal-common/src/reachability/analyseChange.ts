import type { NetworkPolicy } from '../types';
import { diffAccess } from './diffAccess';
import type { IpFamily } from './ipAddress';
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

/**
 * Runs the reachability model's diff between two policy sets on each port. The models
 * share the snapshot's compiled pods, so each port costs one diff. Throws a
 * ReachabilityInputError, led by the port, for a policy or pod the model cannot read.
 * @public
 */
export function analyseChange(
  snapshotModel: ReachabilityModel,
  before: NetworkPolicy[],
  after: NetworkPolicy[],
  ports: readonly AnalysedPort[],
  options: { ipFamily: IpFamily; externalEndpoints: ExternalEndpoint[] },
): PortAnalysis[] {
  const beforeModel = snapshotModel.withPolicies(before);
  const afterModel = beforeModel.withPolicies(after);
  return ports.map(analysed => {
    try {
      return {
        analysed,
        diff: diffAccess(beforeModel, afterModel, {
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
  });
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
