import { isIPv4, isIPv6 } from 'node:net';

/** A parsed CIDR: the address masked to its prefix, as net.ParseCIDR returns it. */
export interface Cidr {
  family: 4 | 6;
  network: bigint;
  prefixLength: number;
  /** Whether the text had bits set beyond the prefix length (`10.0.0.1/8`). */
  hostBitsSet: boolean;
}

function ipv4ToBigInt(address: string): bigint {
  return address
    .split('.')
    .reduce((acc, octet) => (acc << 8n) + BigInt(Number(octet)), 0n);
}

function ipv6ToBigInt(address: string): bigint {
  let text = address;
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hextets.
  const v4 = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (v4) {
    const n = ipv4ToBigInt(v4[1]);
    text = `${text.slice(0, -v4[1].length)}${(n >> 16n).toString(16)}:${(
      n & 0xffffn
    ).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  const parts =
    tail === undefined
      ? headParts
      : [...headParts, ...Array(missing).fill('0'), ...tailParts];
  return parts.reduce(
    (acc, part) => (acc << 16n) + BigInt(parseInt(part, 16)),
    0n,
  );
}

/** Parses `10.0.0.0/8` or `2001:db8::/32`; undefined when it is not a CIDR. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefixLength = Number(prefixText);
  let family: 4 | 6;
  let value: bigint;
  if (isIPv4(address)) {
    family = 4;
    value = ipv4ToBigInt(address);
  } else if (isIPv6(address) && !address.includes('%')) {
    family = 6;
    value = ipv6ToBigInt(address);
  } else {
    return undefined;
  }
  const width = family === 4 ? 32 : 128;
  if (prefixLength > width) return undefined;
  const hostBits = BigInt(width - prefixLength);
  const network = (value >> hostBits) << hostBits;
  return { family, network, prefixLength, hostBitsSet: network !== value };
}

/** Whether `inner` lies inside `outer` with a strictly longer prefix, as ValidateIPBlock requires of `except`. */
export function isStrictSubset(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family) return false;
  if (inner.prefixLength <= outer.prefixLength) return false;
  const width = outer.family === 4 ? 32 : 128;
  const hostBits = BigInt(width - outer.prefixLength);
  return inner.network >> hostBits === outer.network >> hostBits;
}
