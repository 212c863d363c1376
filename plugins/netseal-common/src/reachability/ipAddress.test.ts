import {
  coverageOf,
  formatIpAddress,
  parseAddressOrCidr,
  parseCidr,
  parseIpAddress,
  rangeContains,
  subtractRanges,
} from './ipAddress';

function range(text: string) {
  const parsed = parseAddressOrCidr(text);
  if (!parsed) throw new Error(`bad test range ${text}`);
  return parsed;
}

describe('IP addresses', () => {
  it('parses IPv4 and IPv6 text forms', () => {
    expect(parseIpAddress('10.0.0.1')).toEqual({
      family: 'IPv4',
      value: BigInt(0x0a000001),
    });
    expect(parseIpAddress('::1')).toEqual({ family: 'IPv6', value: BigInt(1) });
    expect(parseIpAddress('2001:db8::1')?.value).toBe(
      (BigInt(0x20010db8) << BigInt(96)) + BigInt(1),
    );
    expect(parseIpAddress('64:ff9b::10.0.0.1')?.value).toBe(
      (BigInt(0x64ff9b) << BigInt(96)) + BigInt(0x0a000001),
    );
  });

  it('reads IPv4-mapped IPv6 addresses as IPv4', () => {
    expect(parseIpAddress('::ffff:10.0.0.1')).toEqual(
      parseIpAddress('10.0.0.1'),
    );
  });

  it('refuses text that is not an address', () => {
    for (const text of [
      '10.0.0',
      '10.0.0.256',
      '1::2::3',
      'fe80::1%eth0',
      'example.com',
      '',
    ]) {
      expect(parseIpAddress(text)).toBeUndefined();
    }
  });

  it('parses CIDRs and masks bits beyond the prefix as the API server tolerates', () => {
    const block = parseCidr('10.1.2.3/16');
    expect(block?.first).toBe(parseIpAddress('10.1.0.0')?.value);
    expect(block?.last).toBe(parseIpAddress('10.1.255.255')?.value);
    expect(parseCidr('::/0')?.last).toBe(
      (BigInt(1) << BigInt(128)) - BigInt(1),
    );
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0')).toBeUndefined();
  });

  it('keeps families apart', () => {
    const v4 = parseIpAddress('10.0.0.1');
    expect(v4 && rangeContains(range('0.0.0.0/0'), v4)).toBe(true);
    expect(v4 && rangeContains(range('::/0'), v4)).toBe(false);
  });

  it('subtracts excepts from a block', () => {
    const pieces = subtractRanges(range('10.0.0.0/8'), [
      range('10.1.0.0/16'),
      range('10.0.0.0/16'),
    ]);
    expect(pieces).toEqual([
      {
        family: 'IPv4',
        first: range('10.2.0.0').first,
        last: range('10.255.255.255').first,
      },
    ]);
  });

  it('tells whether allowed ranges cover all, part or none of a target', () => {
    const internet = range('0.0.0.0/0');
    expect(
      coverageOf(internet, [range('0.0.0.0/1'), range('128.0.0.0/1')]),
    ).toBe('all');
    expect(
      coverageOf(internet, subtractRanges(internet, [range('10.0.0.0/8')])),
    ).toBe('partial');
    expect(
      coverageOf(
        range('10.1.0.0/16'),
        subtractRanges(internet, [range('10.0.0.0/8')]),
      ),
    ).toBe('none');
    expect(coverageOf(range('10.1.2.3'), [range('10.1.0.0/16')])).toBe('all');
    expect(coverageOf(range('10.1.2.3'), [range('::/0')])).toBe('none');
  });
});

describe('formatIpAddress', () => {
  it('writes addresses that parse back to themselves', () => {
    for (const text of [
      '10.0.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '2001:db8::1',
      '::',
    ]) {
      const address = parseIpAddress(text);
      expect(address && parseIpAddress(formatIpAddress(address))).toEqual(
        address,
      );
    }
    expect(formatIpAddress({ family: 'IPv4', value: BigInt(0x0a000001) })).toBe(
      '10.0.0.1',
    );
  });
});
