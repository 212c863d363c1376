import { validateNetworkPolicy } from './validateNetworkPolicy';
import { manifestWith } from './__testUtils__/manifests';

const IP_BLOCK = 'spec.ingress[1].from[0].ipBlock';

function problemsForIPBlock(ipBlock: unknown) {
  return validateNetworkPolicy(manifestWith(IP_BLOCK, ipBlock));
}

describe('ipBlock', () => {
  it.each([
    ['an IPv4 block', { cidr: '192.168.0.0/16' }],
    ['a single IPv4 address', { cidr: '203.0.113.7/32' }],
    ['every IPv4 address', { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }],
    [
      'excepts inside the block',
      { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.255.255.255/32'] },
    ],
    [
      'an IPv6 block with an except',
      { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] },
    ],
    [
      'IPv6 written with capitals and without compression',
      { cidr: '2001:DB8:0:0:0:0:0:0/32' },
    ],
    [
      'IPv6 with an embedded IPv4 address',
      { cidr: '64:ff9b::c000:200/120', except: ['64:ff9b::192.0.2.128/121'] },
    ],
    ['every IPv6 address', { cidr: '::/0' }],
  ])('accepts %s', (_, ipBlock) => {
    expect(problemsForIPBlock(ipBlock)).toEqual([]);
  });

  it.each([
    ['no cidr', { except: [] }, 'cidr', 'is required'],
    ['an empty cidr', { cidr: '' }, 'cidr', 'is required'],
    [
      'an address without a prefix length',
      { cidr: '10.0.0.1' },
      'cidr',
      'must be a valid CIDR, e.g. 10.9.8.0/24',
    ],
    [
      'an IPv4 prefix over 32',
      { cidr: '10.0.0.0/33' },
      'cidr',
      'prefix length must be at most 32',
    ],
    [
      'an IPv6 prefix over 128',
      { cidr: '2001:db8::/129' },
      'cidr',
      'prefix length must be at most 128',
    ],
    [
      'an octet over 255',
      { cidr: '10.0.0.256/32' },
      'cidr',
      'must be a valid CIDR',
    ],
    ['a host name', { cidr: 'example.com/32' }, 'cidr', 'must be a valid CIDR'],
    [
      'two IPv6 compressions',
      { cidr: '2001::db8::/32' },
      'cidr',
      'must be a valid CIDR',
    ],
    [
      'an IPv6 zone',
      { cidr: 'fe80::1%eth0/64' },
      'cidr',
      'must be a valid CIDR',
    ],
    [
      'host bits set',
      { cidr: '10.0.0.1/8' },
      'cidr',
      'must not have bits set beyond the prefix length; did you mean 10.0.0.0/8?',
    ],
    [
      'IPv6 host bits set',
      { cidr: '2001:db8::1/32' },
      'cidr',
      'did you mean 2001:db8::/32?',
    ],
    [
      'leading zeros in an octet',
      { cidr: '010.0.0.0/8' },
      'cidr',
      'must not have leading 0s in the IP or the prefix length; write 10.0.0.0/8',
    ],
    [
      'leading zeros in the prefix length',
      { cidr: '10.0.0.0/08' },
      'cidr',
      'must not have leading 0s',
    ],
    [
      'an IPv4-mapped IPv6 address',
      { cidr: '::ffff:10.0.0.0/104' },
      'cidr',
      'must not be an IPv4-mapped IPv6 address',
    ],
    ['a cidr that is a number', { cidr: 10 }, 'cidr', 'must be a string'],
    [
      'an except equal to its cidr',
      { cidr: '10.0.0.0/8', except: ['10.0.0.0/8'] },
      'except[0]',
      '"10.0.0.0/8" must be a strict subset of cidr 10.0.0.0/8',
    ],
    [
      'an except outside its cidr',
      { cidr: '10.0.0.0/8', except: ['11.0.0.0/16'] },
      'except[0]',
      'must be a strict subset of cidr 10.0.0.0/8',
    ],
    [
      'an except larger than its cidr',
      { cidr: '10.1.0.0/16', except: ['10.0.0.0/8'] },
      'except[0]',
      'must be a strict subset',
    ],
    [
      'an IPv6 except in an IPv4 block',
      { cidr: '10.0.0.0/8', except: ['2001:db8::/64'] },
      'except[0]',
      'must be an IPv4 CIDR, like cidr 10.0.0.0/8',
    ],
    [
      'an IPv4 except in an IPv6 block',
      { cidr: '2001:db8::/32', except: ['10.0.0.0/16'] },
      'except[0]',
      'must be an IPv6 CIDR, like cidr 2001:db8::/32',
    ],
    [
      'an except that is not a CIDR',
      { cidr: '10.0.0.0/8', except: ['10.1.0.0'] },
      'except[0]',
      'must be a valid CIDR',
    ],
    [
      'except as a string',
      { cidr: '10.0.0.0/8', except: '10.1.0.0/16' },
      'except',
      'must be a list',
    ],
  ])('rejects %s', (_, ipBlock, field, message) => {
    expect(problemsForIPBlock(ipBlock)).toEqual([
      {
        path: `${IP_BLOCK}.${field}`,
        message: expect.stringContaining(message),
      },
    ]);
  });

  it('checks every except, reporting each at its index', () => {
    const problems = problemsForIPBlock({
      cidr: '10.0.0.0/8',
      except: ['10.1.0.0/16', '12.0.0.0/8', '10.2.0.1/16', '10.0.0.0/8'],
    });
    expect(problems.map(problem => problem.path)).toEqual([
      `${IP_BLOCK}.except[1]`,
      `${IP_BLOCK}.except[2]`,
      `${IP_BLOCK}.except[3]`,
    ]);
  });
});
