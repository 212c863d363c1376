import {
  AccessDiff,
  diffAccess,
  ExternalEndpoint,
  IpFamily,
  NetworkPolicy,
  ReachabilityInputError,
  ReachabilityModel,
} from '@netseal/backstage-plugin-netseal-common';
import { AnalysedPort } from './portsToAnalyse';

/** What a change opens and closes on one port. */
export interface PortAnalysis {
  analysed: AnalysedPort;
  diff: AccessDiff;
}

/** Every ipBlock CIDR the policies name, of one address family, as endpoints named by the CIDR. */
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
 * share the snapshot's compiled pods, so each port costs one diff.
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
