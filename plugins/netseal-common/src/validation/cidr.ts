/*
 * CIDR parsing as the API server validates ipBlock.cidr and ipBlock.except: netutils'
 * ParseCIDRSloppy decides whether the text is a CIDR at all, and the strict checks of
 * k8s.io/apimachinery/pkg/api/validation/ip.go (parseCIDR with strictValidation, the
 * StrictIPCIDRValidation feature) reject the ambiguous forms: leading zeros, IPv4-mapped
 * IPv6 addresses and bits set beyond the prefix length.
 */

/** A CIDR that parsed, with its address masked to the prefix length. */
export interface ParsedCidr {
  family: 4 | 6;
  /** 4 or 16 bytes, the bits beyond the prefix length cleared. */
  network: number[];
  prefixLength: number;
}

export interface CidrParse {
  /** Absent when the text is not a CIDR in any form. */
  cidr?: ParsedCidr;
  /** What makes the text invalid for the API server; empty when it is valid. */
  problems: string[];
}

const NOT_A_CIDR = 'must be a valid CIDR, e.g. 10.9.8.0/24 or 2001:db8::/64';

export function parseCidr(text: string): CidrParse {
  // The longest valid CIDR is an IPv6 address with an embedded IPv4 one and /128.
  const slash = text.length <= 64 ? text.lastIndexOf('/') : -1;
  if (slash < 0) {
    return { problems: [NOT_A_CIDR] };
  }
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const leadingZeros = { found: false };
  const address = addressText.includes(':')
    ? parseIPv6(addressText, leadingZeros)
    : parseIPv4(addressText, leadingZeros);
  const maxPrefix = address?.length === 4 ? 32 : 128;
  if (!address || !/^[0-9]{1,3}$/.test(prefixText)) {
    return { problems: [NOT_A_CIDR] };
  }
  const prefixLength = Number(prefixText);
  if (prefixLength > maxPrefix) {
    return {
      problems: [`prefix length must be at most ${maxPrefix}: ${NOT_A_CIDR}`],
    };
  }
  if (prefixText.length > 1 && prefixText.startsWith('0')) {
    leadingZeros.found = true;
  }
  const family = address.length === 4 ? 4 : 6;
  const network = maskBytes(address, prefixLength);
  const cidr: ParsedCidr = { family, network, prefixLength };
  const problems: string[] = [];
  if (leadingZeros.found) {
    problems.push(
      `must not have leading 0s in the IP or the prefix length; write ${formatCidr(
        { family, network: address, prefixLength },
      )}`,
    );
  } else if (family === 6 && isIPv4Mapped(address)) {
    problems.push(
      'must not be an IPv4-mapped IPv6 address; write the IPv4 CIDR instead',
    );
  } else if (network.some((byte, i) => byte !== address[i])) {
    problems.push(
      `must not have bits set beyond the prefix length; did you mean ${formatCidr(
        cidr,
      )}?`,
    );
  }
  return { cidr, problems };
}

/**
 * ValidateIPBlock's rule for `except`: inside `cidr` and strictly smaller (a longer
 * prefix), so an except equal to its cidr is rejected.
 */
export function isStrictSubset(inner: ParsedCidr, outer: ParsedCidr): boolean {
  if (
    inner.family !== outer.family ||
    inner.prefixLength <= outer.prefixLength
  ) {
    return false;
  }
  const innerMasked = maskBytes(inner.network, outer.prefixLength);
  return innerMasked.every((byte, i) => byte === outer.network[i]);
}

/** The canonical text of a CIDR: dotted decimal, or RFC 5952 for IPv6. */
export function formatCidr(cidr: ParsedCidr): string {
  const address =
    cidr.family === 4 ? cidr.network.join('.') : formatIPv6(cidr.network);
  return `${address}/${cidr.prefixLength}`;
}

function parseIPv4(
  text: string,
  leadingZeros: { found: boolean },
): number[] | undefined {
  const fields = text.split('.');
  if (fields.length !== 4) {
    return undefined;
  }
  const bytes: number[] = [];
  for (const field of fields) {
    if (!/^[0-9]{1,3}$/.test(field) || Number(field) > 255) {
      return undefined;
    }
    if (field.length > 1 && field.startsWith('0')) {
      leadingZeros.found = true;
    }
    bytes.push(Number(field));
  }
  return bytes;
}

function parseIPv6(
  text: string,
  leadingZeros: { found: boolean },
): number[] | undefined {
  let groupsText = text;
  const tail: number[] = [];
  // An IPv4 address may stand for the last 32 bits (e.g. 64:ff9b::192.0.2.1).
  const lastColon = text.lastIndexOf(':');
  const lastPart = text.slice(lastColon + 1);
  if (lastPart.includes('.')) {
    const ipv4 = parseIPv4(lastPart, leadingZeros);
    if (!ipv4) {
      return undefined;
    }
    tail.push((ipv4[0] << 8) | ipv4[1], (ipv4[2] << 8) | ipv4[3]);
    groupsText = text.slice(0, lastColon + 1);
    if (!groupsText.endsWith('::')) {
      groupsText = groupsText.slice(0, -1);
    }
  }
  const halves = groupsText.split('::');
  if (halves.length > 2) {
    return undefined;
  }
  const before = parseGroups(halves[0]);
  const after = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (!before || !after) {
    return undefined;
  }
  const written = before.length + after.length + tail.length;
  const compressed = halves.length === 2;
  if (compressed ? written > 7 : written !== 8) {
    return undefined;
  }
  const zeros = new Array<number>(8 - written).fill(0);
  const groups = [...before, ...zeros, ...after, ...tail];
  return groups.flatMap(group => [group >> 8, group & 0xff]);
}

function parseGroups(text: string): number[] | undefined {
  if (text === '') {
    return [];
  }
  const groups: number[] = [];
  for (const group of text.split(':')) {
    if (!/^[0-9A-Fa-f]{1,4}$/.test(group)) {
      return undefined;
    }
    groups.push(parseInt(group, 16));
  }
  return groups;
}

function maskBytes(bytes: readonly number[], prefixLength: number): number[] {
  return bytes.map((byte, i) => {
    const bitsKept = Math.max(0, Math.min(8, prefixLength - i * 8));
    return byte & (0xff << (8 - bitsKept)) & 0xff;
  });
}

function isIPv4Mapped(bytes: readonly number[]): boolean {
  return (
    bytes.slice(0, 10).every(byte => byte === 0) &&
    bytes[10] === 0xff &&
    bytes[11] === 0xff
  );
}

function formatIPv6(bytes: readonly number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) {
    groups.push((bytes[i] << 8) | bytes[i + 1]);
  }
  // RFC 5952: compress the longest run of two or more zero groups, the first on a tie.
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) {
      length++;
    }
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }
  const hex = groups.map(group => group.toString(16));
  if (bestStart < 0) {
    return hex.join(':');
  }
  return `${hex.slice(0, bestStart).join(':')}::${hex
    .slice(bestStart + bestLength)
    .join(':')}`;
}
