import type { CanonicalNetworkPolicyPort } from '../canonical/CanonicalNetworkPolicy';
import { portsInWords } from './portsInWords';

const tcp = (port: number, endPort?: number): CanonicalNetworkPolicyPort => ({
  protocol: 'TCP',
  port,
  ...(endPort !== undefined ? { endPort } : {}),
});

describe('portsInWords', () => {
  it.each<[string, CanonicalNetworkPolicyPort[], string[]]>([
    [
      '12,000 ports listed one by one as one range',
      Array.from({ length: 12000 }, (_, i) => tcp(10000 + i)),
      ['TCP 10000-21999'],
    ],
    [
      'touching ports joined, others apart',
      [tcp(80), tcp(81), tcp(443)],
      ['TCP 80-81', 'TCP 443'],
    ],
    [
      'a port inside a range left out',
      [tcp(8080), tcp(8000, 8100)],
      ['TCP 8000-8100'],
    ],
    [
      'overlapping ranges joined',
      [tcp(8000, 8100), tcp(8050, 8200)],
      ['TCP 8000-8200'],
    ],
    [
      'equal ranges said once',
      [tcp(8000, 8100), tcp(8000, 8100)],
      ['TCP 8000-8100'],
    ],
    [
      'the same number in two protocols apart',
      [tcp(53), { protocol: 'UDP', port: 53 }, tcp(54)],
      ['TCP 53-54', 'UDP 53'],
    ],
    [
      'numbers beside a whole protocol left out',
      [tcp(80), { protocol: 'TCP' }, { protocol: 'UDP', port: 53 }],
      ['all TCP ports', 'UDP 53'],
    ],
  ])('writes %s', (_case, ports, expected) => {
    expect(portsInWords(false, ports)).toEqual(expected);
  });
});
