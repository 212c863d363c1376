import { Bitset } from './Bitset';

describe('Bitset', () => {
  it.each([1, 31, 32, 33, 64, 100])(
    'holds exactly 0…n-1 when full (n = %i)',
    size => {
      const full = Bitset.full(size);
      for (let i = 0; i < size; i++) expect(full.has(i)).toBe(true);
      const other = new Bitset(size);
      other.addAll(full);
      expect(other.words).toEqual(full.words);
      expect(full.words[full.words.length - 1] >>> ((size - 1) & 31)).toBe(1);
    },
  );

  it('adds unions and intersections', () => {
    const a = new Bitset(70);
    const b = new Bitset(70);
    [1, 40, 69].forEach(i => a.add(i));
    [40, 41, 69].forEach(i => b.add(i));
    const both = new Bitset(70);
    both.addIntersection(a, b);
    expect([...Array(70).keys()].filter(i => both.has(i))).toEqual([40, 69]);
    both.addAll(a);
    expect([...Array(70).keys()].filter(i => both.has(i))).toEqual([1, 40, 69]);
  });
});
