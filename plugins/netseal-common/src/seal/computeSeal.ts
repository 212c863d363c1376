import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { NetworkPolicy } from '../types';
import { encodeCanonical } from '../canonical/canonicalize';

// One encoder for every call: @noble/hashes' utf8ToBytes builds a new one and copies its
// output each time, which shows in profiles of sealing a whole fleet.
const utf8 = new TextEncoder();

/**
 * The seal of a NetworkPolicy: `sha256:<64 lowercase hex>` of its canonical form, written
 * as JSON with sorted keys (RFC 8785 style). Synchronous and isomorphic, so the portal,
 * the backend and the CLI compute the same value.
 *
 * @public
 */
export function computeSeal(policy: NetworkPolicy): string {
  const digest = sha256(utf8.encode(encodeCanonical(policy).json));
  return `sha256:${bytesToHex(digest)}`;
}
