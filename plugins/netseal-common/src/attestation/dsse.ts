/**
 * DSSE, the envelope in-toto attestations travel in
 * (github.com/secure-systems-lab/dsse, protocol v1.0.2). Only its pre-authentication
 * encoding and the JSON envelope are needed here; signing and verifying the PAE bytes are
 * left to the caller, so this file stays isomorphic (the backend and the CLI pass Node's
 * crypto in).
 */

/** A DSSE envelope in its JSON form. @public */
export interface DsseEnvelope {
  payloadType: string;
  /** The statement's bytes, base64. */
  payload: string;
  signatures: DsseSignature[];
}

/** One signature of a DSSE envelope. @public */
export interface DsseSignature {
  /** Which key signed; Netseal puts `sha256:<hex>` of the public key's SPKI DER here. */
  keyid?: string;
  /** The signature of the PAE bytes, base64. */
  sig: string;
}

const utf8 = new TextEncoder();

/**
 * `PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, where LEN is the
 * byte length in ASCII decimal with no leading zeros: what the signature covers, so that
 * neither the payload type nor the payload can be swapped.
 *
 * @public
 */
export function preAuthEncoding(
  payloadType: string,
  payload: Uint8Array,
): Uint8Array {
  const type = utf8.encode(payloadType);
  const head = utf8.encode(
    `DSSEv1 ${type.length} ${payloadType} ${payload.length} `,
  );
  const bytes = new Uint8Array(head.length + payload.length);
  bytes.set(head, 0);
  bytes.set(payload, head.length);
  return bytes;
}

/** Standard base64 of bytes. @public */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * Bytes of base64 text, standard or URL-safe (DSSE allows both), or undefined when the
 * text is not base64: a stray character must not be skipped silently.
 *
 * @public
 */
export function base64ToBytes(text: string): Uint8Array | undefined {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(standard)) return undefined;
  const unpadded = standard.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) return undefined;
  const padded = unpadded + '='.repeat((4 - (unpadded.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
