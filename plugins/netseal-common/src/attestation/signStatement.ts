import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { bytesToBase64, DsseEnvelope, preAuthEncoding } from './dsse';
import { IN_TOTO_PAYLOAD_TYPE, InTotoStatement } from './statement';

const utf8 = new TextEncoder();

/**
 * A signing key's id as Netseal writes it in `keyid`: `sha256:<hex>` of the public key's
 * SPKI DER, so anyone holding the public key can tell whether it signed.
 *
 * @public
 */
export function attestationKeyId(publicKeySpkiDer: Uint8Array): string {
  // A copy: a Node Buffer from another realm (a test's jsdom) is no Uint8Array here.
  return `sha256:${bytesToHex(sha256(Uint8Array.from(publicKeySpkiDer)))}`;
}

/** Signs PAE bytes with the private half of the key named `keyId`. @public */
export interface AttestationSigner {
  keyId: string;
  sign(message: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** The statement in a DSSE envelope, signed over its PAE. @public */
export async function signStatement(
  statement: InTotoStatement,
  signer: AttestationSigner,
): Promise<DsseEnvelope> {
  const payload = utf8.encode(JSON.stringify(statement));
  const signature = await signer.sign(
    preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload),
  );
  return {
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    payload: bytesToBase64(payload),
    signatures: [{ keyid: signer.keyId, sig: bytesToBase64(signature) }],
  };
}
