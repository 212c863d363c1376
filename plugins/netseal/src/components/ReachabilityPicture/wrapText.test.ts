import { wrapText } from './wrapText';

describe('wrapText', () => {
  it('breaks at spaces within the width', () => {
    expect(wrapText('pods app=gateway in namespaces team=edge', 20, 3)).toEqual(
      ['pods app=gateway in', 'namespaces team=edge'],
    );
  });

  it('ends in an ellipsis what does not fit in the lines allowed', () => {
    const lines = wrapText('a b c d e f g h i j k l m n o p', 5, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1].endsWith('…')).toBe(true);
    expect(lines.every(line => line.length <= 5)).toBe(true);
  });

  it('breaks a token longer than the width after its separators, not inside a word', () => {
    expect(wrapText('10.0.0.0/8-except-10.1.0.0/16', 10, 5)).toEqual([
      '10.0.0.0/',
      '8-except-',
      '10.1.0.0/',
      '16',
    ]);
    expect(wrapText('pods backstage.io/kubernetes-id=payments', 22, 6)).toEqual(
      ['pods', 'backstage.io/', 'kubernetes-id=payments'],
    );
  });

  it('cuts inside a word only when it has no separator to break at', () => {
    expect(wrapText('abcdefghijkl', 5, 3)).toEqual(['abcde', 'fghij', 'kl']);
  });
});
