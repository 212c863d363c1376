/**
 * IPv4 and IPv6 addresses, CIDR blocks and sets of address ranges, as plain bigints so the
 * model runs unchanged in the browser.
 */

/** @public */
export type IpFamily = 'IPv4' | 'IPv6';

/** An inclusive range of addresses of one family. */
export interface IpRange {
  readonly family: IpFamily;
  readonly first: bigint;
  readonly last: bigint;
}

export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

export interface Cidr extends IpRange {
  readonly prefixLength: number;
}

const BITS: Record<IpFamily, number> = { IPv4: 32, IPv6: 128 };
const IPV4_MAPPED_PREFIX = BigInt(0xffff) << BigInt(32);

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = BigInt(0);
  for (const part of parts) {
    // Kubernetes parses legacy IPv4 text "sloppily": leading zeros are decimal, not octal.
    if (!/^[0-9]{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << BigInt(8)) | BigInt(octet);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  if (text.includes('%')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        groups.push(Number(v4 >> BigInt(16)), Number(v4 & BigInt(0xffff)));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
        groups.push(parseInt(piece, 16));
      }
    }
    return groups;
  };
  const head = toGroups(halves[0]);
  const tail = halves.length === 2 ? toGroups(halves[1]) : [];
  if (!head || !tail) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined;
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return undefined;
  return groups.reduce(
    (acc, group) => (acc << BigInt(16)) | BigInt(group),
    BigInt(0),
  );
}

/**
 * Parses an IPv4 or IPv6 address. An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is read
 * as the IPv4 address it carries, as Go's `net.IP.To4` does in every CNI written in Go.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  const trimmed = text.trim();
  if (trimmed.includes(':')) {
    const value = parseIpv6(trimmed);
    if (value === undefined) return undefined;
    if (value >> BigInt(32) === BigInt(0xffff)) {
      return { family: 'IPv4', value: value - IPV4_MAPPED_PREFIX };
    }
    return { family: 'IPv6', value };
  }
  const value = parseIpv4(trimmed);
  return value === undefined ? undefined : { family: 'IPv4', value };
}

/**
 * Parses `address/prefix`. Bits set beyond the prefix are masked off rather than refused,
 * because the API server still serves objects created before it became strict about them
 * (`ParseCIDRSloppy` in kubernetes/kubernetes pkg/apis/networking/validation).
 */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIpAddressStrictFamily(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!address || !/^[0-9]{1,3}$/.test(prefixText)) return undefined;
  const prefixLength = Number(prefixText);
  const bits = BITS[address.family];
  if (prefixLength > bits) return undefined;
  const hostBits = BigInt(bits - prefixLength);
  const first = (address.value >> hostBits) << hostBits;
  const last = first + (BigInt(1) << hostBits) - BigInt(1);
  return { family: address.family, first, last, prefixLength };
}

/** A CIDR keeps the family it is written in: `::ffff:0:0/96` is an IPv6 block. */
function parseIpAddressStrictFamily(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { family: 'IPv6', value };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { family: 'IPv4', value };
}

/** Parses either a single address (a one-address range) or a CIDR block. */
export function parseAddressOrCidr(text: string): IpRange | undefined {
  if (text.includes('/')) return parseCidr(text);
  const address = parseIpAddress(text);
  return address
    ? { family: address.family, first: address.value, last: address.value }
    : undefined;
}

export function rangeContains(range: IpRange, address: IpAddress): boolean {
  return (
    range.family === address.family &&
    range.first <= address.value &&
    address.value <= range.last
  );
}

/** `inner` lies wholly inside `outer` and is smaller than it. */
export function isStrictSubrange(inner: IpRange, outer: IpRange): boolean {
  return (
    inner.family === outer.family &&
    outer.first <= inner.first &&
    inner.last <= outer.last &&
    (outer.first !== inner.first || outer.last !== inner.last)
  );
}

/** Removes `holes` from `range`; the result is sorted and disjoint. */
export function subtractRanges(
  range: IpRange,
  holes: readonly IpRange[],
): IpRange[] {
  let pieces: IpRange[] = [range];
  for (const hole of holes) {
    if (hole.family !== range.family) continue;
    const next: IpRange[] = [];
    for (const piece of pieces) {
      if (hole.last < piece.first || hole.first > piece.last) {
        next.push(piece);
        continue;
      }
      if (hole.first > piece.first) {
        next.push({
          family: piece.family,
          first: piece.first,
          last: hole.first - BigInt(1),
        });
      }
      if (hole.last < piece.last) {
        next.push({
          family: piece.family,
          first: hole.last + BigInt(1),
          last: piece.last,
        });
      }
    }
    pieces = next;
  }
  return pieces;
}

/** How much of an external address range a set of allowed ranges covers. */
export type RangeCoverage = 'all' | 'partial' | 'none';

export function coverageOf(
  target: IpRange,
  allowed: readonly IpRange[],
): RangeCoverage {
  const clipped = allowed
    .filter(
      r =>
        r.family === target.family &&
        r.last >= target.first &&
        r.first <= target.last,
    )
    .map(r => ({
      first: r.first < target.first ? target.first : r.first,
      last: r.last > target.last ? target.last : r.last,
    }))
    .sort(
      (a, b) =>
        Number(a.first - b.first > BigInt(0)) -
        Number(a.first - b.first < BigInt(0)),
    );
  if (clipped.length === 0) return 'none';
  let next = target.first;
  for (const piece of clipped) {
    if (piece.first > next) return 'partial';
    if (piece.last >= next) next = piece.last + BigInt(1);
    if (next > target.last) return 'all';
  }
  return 'partial';
}

/** Text form of an address (IPv6 without `::` compression, which every parser accepts). */
export function formatIpAddress(address: IpAddress): string {
  if (address.family === 'IPv4') {
    return [24, 16, 8, 0]
      .map(shift => Number((address.value >> BigInt(shift)) & BigInt(255)))
      .join('.');
  }
  const groups: string[] = [];
  for (let shift = 112; shift >= 0; shift -= 16) {
    groups.push(
      Number((address.value >> BigInt(shift)) & BigInt(0xffff)).toString(16),
    );
  }
  return groups.join(':');
}
