import type {
  ReachabilityDirection,
  ReachabilityEdge,
  ServiceReachability,
} from '@netseal/backstage-plugin-netseal-common';
import { wrapText } from './wrapText';

/** Where everything of the picture goes, in SVG user units. */
export interface ReachabilityLayout {
  width: number;
  height: number;
  pods: Box & { lines: string[] };
  ingress: PlacedPeer[];
  egress: PlacedPeer[];
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A peer's box, its edge to or from the pods, and the edge's label. */
export interface PlacedPeer extends Box {
  /** `peer`: an allowed peer; `everyone`: nothing isolates this direction; `nobody`: isolated and no peer allowed. */
  role: 'peer' | 'everyone' | 'nobody';
  edge?: ReachabilityEdge;
  lines: string[];
  /** An SVG path from the source to the target; absent for `nobody`. */
  path?: string;
  /** Ports and protocols: a line above the edge, and if needed one below it. */
  label?: { x: number; y: number; anchor: 'start' | 'end'; lines: string[] };
  /** Everything said about the peer, for its `<title>`. */
  description: string;
}

export const PICTURE = {
  width: 1080,
  top: 48,
  bottom: 16,
  peerWidth: 260,
  peerHeight: 44,
  rowGap: 14,
  margin: 16,
  /** Length of the straight start of an edge, where its label sits. */
  labelRun: 130,
  /** Horizontal length of the curve that joins an edge to the pods. */
  curveRun: 50,
  podsMinHeight: 80,
  podsLineHeight: 16,
  peerChars: 38,
  labelChars: 21,
  labelFontSize: 11,
  /** From the label's line above the edge to its line below it. */
  labelLineGap: 20,
  podsChars: 22,
} as const;

/**
 * Lays the picture out with plain arithmetic: ingress peers in a column on the left,
 * egress peers on the right, one row each, the pods centred between them. Rows never
 * overlap; the picture grows taller with the longer column.
 */
export function layoutReachability(
  reachability: ServiceReachability,
): ReachabilityLayout {
  const p = PICTURE;
  const leftX = p.margin;
  const leftRunEnd = leftX + p.peerWidth + p.labelRun;
  const podsX = leftRunEnd + p.curveRun;
  const rightX = p.width - p.margin - p.peerWidth;
  const rightRunStart = rightX - p.labelRun;
  const podsWidth = rightRunStart - p.curveRun - podsX;

  const ingressRows = rowsOf(reachability.ingress, 'ingress');
  const egressRows = rowsOf(reachability.egress, 'egress');
  const podLines = wrapText(reachability.pods, p.podsChars, 6);
  const podsHeight = Math.max(
    p.podsMinHeight,
    podLines.length * p.podsLineHeight + 32,
  );
  const pitch = p.peerHeight + p.rowGap;
  const rows = Math.max(ingressRows.length, egressRows.length, 1);
  const columnHeight = Math.max(rows * pitch - p.rowGap, podsHeight);
  const height = p.top + columnHeight + p.bottom;
  const podsY = p.top + (columnHeight - podsHeight) / 2;
  const podsCentre = podsY + podsHeight / 2;

  const place = (
    row: Row,
    index: number,
    count: number,
    side: 'ingress' | 'egress',
  ): PlacedPeer => {
    // A shorter column is centred against the longer one.
    const offset = (columnHeight - (count * pitch - p.rowGap)) / 2;
    const y = p.top + offset + index * pitch;
    const x = side === 'ingress' ? leftX : rightX;
    const middle = y + p.peerHeight / 2;
    const placed: PlacedPeer = {
      x,
      y,
      width: p.peerWidth,
      height: p.peerHeight,
      role: row.role,
      edge: row.edge,
      lines: wrapText(row.label, p.peerChars, 2),
      description: row.description,
    };
    if (row.role === 'nobody') {
      return placed;
    }
    const lines = wrapText(row.ports.join(', '), p.labelChars, 2);
    if (side === 'ingress') {
      const start = x + p.peerWidth;
      placed.path = `M ${start} ${middle} H ${leftRunEnd} C ${
        leftRunEnd + p.curveRun / 2
      } ${middle}, ${leftRunEnd + p.curveRun / 2} ${podsCentre}, ${
        podsX - 2
      } ${podsCentre}`;
      placed.label = { x: start + 6, y: middle - 6, anchor: 'start', lines };
    } else {
      const podsRight = podsX + podsWidth;
      placed.path = `M ${podsRight} ${podsCentre} C ${
        podsRight + p.curveRun / 2
      } ${podsCentre}, ${
        podsRight + p.curveRun / 2
      } ${middle}, ${rightRunStart} ${middle} H ${x - 2}`;
      placed.label = { x: x - 6, y: middle - 6, anchor: 'end', lines };
    }
    return placed;
  };

  return {
    width: p.width,
    height,
    pods: {
      x: podsX,
      y: podsY,
      width: podsWidth,
      height: podsHeight,
      lines: podLines,
    },
    ingress: ingressRows.map((row, index) =>
      place(row, index, ingressRows.length, 'ingress'),
    ),
    egress: egressRows.map((row, index) =>
      place(row, index, egressRows.length, 'egress'),
    ),
  };
}

interface Row {
  role: PlacedPeer['role'];
  edge?: ReachabilityEdge;
  label: string;
  ports: string[];
  description: string;
}

function rowsOf(
  direction: ReachabilityDirection,
  side: 'ingress' | 'egress',
): Row[] {
  const verb =
    side === 'ingress'
      ? 'may connect to the pods'
      : 'may be reached by the pods';
  if (direction.peers.length > 0) {
    return direction.peers.map(edge => ({
      role: edge.peer.kind === 'anywhere' ? 'everyone' : 'peer',
      edge,
      label: edge.peer.label,
      ports: edge.ports,
      description: `${edge.peer.label} ${verb} on ${edge.ports.join(', ')}${
        edge.policies.length > 0
          ? ` (allowed by ${edge.policies.join(', ')})`
          : ''
      }`,
    }));
  }
  if (direction.mode === 'isolated') {
    const label =
      side === 'ingress'
        ? 'nobody: all ingress denied'
        : 'nowhere: all egress denied';
    return [{ role: 'nobody', label, ports: [], description: label }];
  }
  const label =
    side === 'ingress'
      ? 'anyone: ingress is not isolated'
      : 'anywhere: egress is not isolated';
  return [
    {
      role: 'everyone',
      label,
      ports: ['all ports and protocols'],
      description: direction.summary,
    },
  ];
}
