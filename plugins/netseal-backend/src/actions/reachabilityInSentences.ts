import type {
  ReachabilityDirection,
  ServiceReachability,
} from '@netseal/backstage-plugin-netseal-common';
import { listInWords } from './listInWords';

function directionInSentences(
  direction: ReachabilityDirection,
  lead: (peer: string) => string,
): string[] {
  return [
    direction.summary,
    ...(direction.mayBeOverriddenBy
      ? [
          `Unknown whether the cluster keeps to this: ${listInWords(
            direction.mayBeOverriddenBy,
          )} may override the NetworkPolicies here.`,
        ]
      : []),
    ...direction.peers.map(
      edge =>
        `${lead(edge.peer.label)} on ${listInWords(
          edge.ports,
        )} (allowed by ${listInWords(edge.policies)}).`,
    ),
  ];
}

/**
 * The picture as sentences an agent can quote: each direction's summary first, then one
 * sentence per allowed peer with its ports and the policies that allow it.
 */
export function reachabilityInSentences(reachability: ServiceReachability): {
  ingress: string[];
  egress: string[];
} {
  return {
    ingress: directionInSentences(
      reachability.ingress,
      peer => `${capitalize(peer)} may connect to ${reachability.pods}`,
    ),
    egress: directionInSentences(
      reachability.egress,
      peer => `${capitalize(reachability.pods)} may connect to ${peer}`,
    ),
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
