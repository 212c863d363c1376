import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { NetworkPolicy } from '../types';
import { encodeCanonical } from '../canonical/canonicalize';

/**
 * The seal of a NetworkPolicy: `sha256:<64 lowercase hex>` of its canonical form, written
 * as JSON with sorted keys (RFC 8785 style). Synchronous and isomorphic, so the portal,
 * the backend and the CLI compute the same value.
 *
 * @public
 */
export function computeSeal(policy: NetworkPolicy): string {
  const digest = sha256(utf8ToBytes(encodeCanonical(policy).json));
  return `sha256:${bytesToHex(digest)}`;
}
