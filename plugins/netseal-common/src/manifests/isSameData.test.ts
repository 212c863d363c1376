import { isSameData } from './isSameData';

describe('isSameData', () => {
  it('treats equal nested data as the same', () => {
    expect(
      isSameData(
        { a: [1, { b: 'x' }], c: null },
        { c: null, a: [1, { b: 'x' }] },
      ),
    ).toBe(true);
    expect(isSameData(NaN, NaN)).toBe(true);
  });

  it('tells apart values of different types, lengths or keys', () => {
    expect(isSameData(1, '1')).toBe(false);
    expect(isSameData([1], [1, 2])).toBe(false);
    expect(isSameData({ a: undefined }, { b: undefined })).toBe(false);
    expect(isSameData({ a: 1 }, [1])).toBe(false);
    expect(isSameData(new Date(0), '1970-01-01')).toBe(false);
    expect(isSameData(0, -0)).toBe(false);
  });
});
