import {
  isolatedPayments,
  manyPeers,
  openPayments,
} from '../../__fixtures__/paymentsReachability';
import { Box, layoutReachability, PICTURE } from './layoutReachability';

function overlaps(a: Box, b: Box): boolean {
  return (
    a.x < b.x + b.width &&
    b.x < a.x + a.width &&
    a.y < b.y + b.height &&
    b.y < a.y + a.height
  );
}

describe('layoutReachability', () => {
  it.each([0, 1, 2, 7, 30])(
    'places %i ingress peers without overlap, inside the picture',
    count => {
      const layout = layoutReachability(manyPeers(count));
      const boxes: Box[] = [...layout.ingress, ...layout.egress, layout.pods];

      for (const [index, box] of boxes.entries()) {
        for (const other of boxes.slice(index + 1)) {
          expect(overlaps(box, other)).toBe(false);
        }
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.y).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(layout.width);
        expect(box.y + box.height).toBeLessThanOrEqual(layout.height);
      }
      // Edge labels stay within their peer's row, so rows never share a label's space.
      const labelled = [...layout.ingress, ...layout.egress].flatMap(peer =>
        peer.label ? [{ peer, label: peer.label }] : [],
      );
      for (const { peer, label } of labelled) {
        expect(label.y - PICTURE.labelFontSize).toBeGreaterThanOrEqual(peer.y);
        expect(
          label.y + PICTURE.labelLineGap * (label.lines.length - 1),
        ).toBeLessThanOrEqual(peer.y + peer.height);
      }
    },
  );

  it('grows taller with more peers', () => {
    const heights = [1, 10, 30].map(
      count => layoutReachability(manyPeers(count)).height,
    );
    expect(heights[1]).toBeGreaterThan(heights[0]);
    expect(heights[2]).toBeGreaterThan(heights[1]);
  });

  it('labels each edge with its ports and protocols', () => {
    const layout = layoutReachability(isolatedPayments);

    expect(layout.ingress[0].label?.lines).toEqual(['TCP 8443']);
    expect(layout.egress[0].label?.lines).toEqual(['TCP 53, UDP 53']);
  });

  it('wraps a long list of ports onto a second line under the edge', () => {
    const layout = layoutReachability(manyPeers(1));

    expect(layout.ingress[0].label?.lines).toEqual([
      'TCP 8000, UDP 53, TCP',
      '9000-9100',
    ]);
  });

  it('draws an open direction as everyone, and an isolated one without peers as nobody', () => {
    const open = layoutReachability(openPayments);
    expect(open.ingress.map(peer => peer.role)).toEqual(['everyone']);
    expect(open.egress.map(peer => peer.role)).toEqual(['everyone']);
    expect(open.egress[0].lines.join(' ')).toBe(
      'anywhere: egress is not isolated',
    );

    const closed = layoutReachability({
      ...isolatedPayments,
      egress: { ...isolatedPayments.egress, peers: [] },
    });
    expect(closed.egress.map(peer => peer.role)).toEqual(['nobody']);
    expect(closed.egress[0].path).toBeUndefined();
  });
});
