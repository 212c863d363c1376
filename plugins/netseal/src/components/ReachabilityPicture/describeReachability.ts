import type {
  ReachabilityDirection,
  ServiceReachability,
} from '@netseal/backstage-plugin-netseal-common';

/** The whole picture in words, for the SVG's accessible name: what a screen reader says. */
export function describeReachability(
  reachability: ServiceReachability,
): string {
  return [
    `Reachability of ${reachability.pods}.`,
    `Ingress: ${describeDirection(reachability.ingress, 'from')}`,
    `Egress: ${describeDirection(reachability.egress, 'to')}`,
  ].join(' ');
}

function describeDirection(
  direction: ReachabilityDirection,
  preposition: 'from' | 'to',
): string {
  const peers = direction.peers.map(
    edge => `${preposition} ${edge.peer.label} on ${edge.ports.join(', ')}`,
  );
  const denied =
    direction.mode === 'isolated'
      ? ' Everything else is denied by default.'
      : '';
  return `${direction.summary}${
    peers.length > 0 ? ` Allowed: ${peers.join('; ')}.` : ''
  }${denied}`;
}
