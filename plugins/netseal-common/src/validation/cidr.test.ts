import { formatCidr, isStrictSubset, parseCidr } from './cidr';

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['2001:DB8:0:0:0:0:0:0/32', '2001:db8::/32'],
    ['2001:db8:0:0:1:0:0:0/80', '2001:db8:0:0:1::/80'],
    ['2001:0:0:1:0:0:0:0/64', '2001:0:0:1::/64'],
    ['fe80::/10', 'fe80::/10'],
    ['::/0', '::/0'],
    ['1:2:3:4:5:6:7::/128', '1:2:3:4:5:6:7:0/128'],
    ['64:ff9b::192.0.2.0/120', '64:ff9b::c000:200/120'],
  ])('reads %s as the block written canonically as %s', (text, canonical) => {
    const { cidr, problems } = parseCidr(text);
    expect(problems).toEqual([]);
    expect(cidr && formatCidr(cidr)).toBe(canonical);
  });

  it.each([
    '1:2:3:4:5:6:7:8:9/64',
    '1:2:3:4:5:6:7/64',
    '12345::/16',
    '1.2.3/24',
    '1.2.3.4.5/24',
    '10.0.0.0/',
    '10.0.0.0/-1',
    `${'1'.repeat(70)}/8`,
  ])('rejects %s as not a CIDR', text => {
    expect(parseCidr(text)).toEqual({
      problems: [expect.stringContaining('must be a valid CIDR')],
    });
  });
});

describe('isStrictSubset', () => {
  const block = (text: string) => {
    const { cidr } = parseCidr(text);
    if (!cidr) {
      throw new Error(`${text} is not a CIDR`);
    }
    return cidr;
  };

  it('holds for a longer prefix inside the block', () => {
    expect(isStrictSubset(block('10.128.0.0/9'), block('10.0.0.0/8'))).toBe(
      true,
    );
    expect(
      isStrictSubset(block('2001:db8:ff::/48'), block('2001:db8::/32')),
    ).toBe(true);
  });

  it('fails for the block itself, a block beside it, or another family', () => {
    expect(isStrictSubset(block('10.0.0.0/8'), block('10.0.0.0/8'))).toBe(
      false,
    );
    expect(isStrictSubset(block('11.0.0.0/9'), block('10.0.0.0/8'))).toBe(
      false,
    );
    expect(isStrictSubset(block('::/128'), block('0.0.0.0/0'))).toBe(false);
  });
});
