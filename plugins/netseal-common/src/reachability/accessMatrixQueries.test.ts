import { networkPolicy, upstreamCluster } from './__fixtures__/upstreamCluster';
import {
  countAllowedPodPairs,
  isPodAccessAllowed,
  listAllowedPodPairs,
} from './accessMatrixQueries';
import { computeAccessMatrix } from './computeAccessMatrix';

describe('access matrix queries', () => {
  const matrix = computeAccessMatrix(
    upstreamCluster([
      networkPolicy('x', 'deny-ingress', { podSelector: {}, ingress: [] }),
    ]),
    { port: 80 },
  );

  it('counts and lists allowed pod pairs without building them all at once', () => {
    expect(countAllowedPodPairs(matrix)).toBe(81 - 27);
    const pairs = [...listAllowedPodPairs(matrix)];
    expect(pairs).toHaveLength(54);
    expect(pairs.every(({ to }) => to.namespace !== 'x')).toBe(true);
  });

  it('answers for one pair and refuses pods it does not know', () => {
    expect(
      isPodAccessAllowed(
        matrix,
        { namespace: 'x', name: 'a' },
        { namespace: 'y', name: 'a' },
      ),
    ).toBe(true);
    expect(
      isPodAccessAllowed(
        matrix,
        { namespace: 'y', name: 'a' },
        { namespace: 'x', name: 'a' },
      ),
    ).toBe(false);
    expect(() =>
      isPodAccessAllowed(
        matrix,
        { namespace: 'q', name: 'a' },
        { namespace: 'x', name: 'a' },
      ),
    ).toThrow("pod q/a is not in the matrix's snapshot");
  });

  it('keeps pods no policy tells apart in one class', () => {
    expect(
      matrix.podClasses.map(podClass => [
        podClass.namespace,
        podClass.pods.length,
      ]),
    ).toEqual([
      ['x', 3],
      ['y', 3],
      ['z', 3],
    ]);
  });
});
