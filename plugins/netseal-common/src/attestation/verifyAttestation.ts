import { base64ToBytes, DsseEnvelope, preAuthEncoding } from './dsse';
import {
  IN_TOTO_PAYLOAD_TYPE,
  IN_TOTO_STATEMENT_TYPE,
  InTotoStatement,
  NETSEAL_ROLLOUT_PREDICATE_TYPE,
  RolloutAttestationPredicate,
} from './statement';

/** Checks a signature over PAE bytes with the public half of the key named `keyId`. @public */
export interface AttestationVerifier {
  keyId: string;
  verify(
    message: Uint8Array,
    signature: Uint8Array,
  ): boolean | Promise<boolean>;
}

/** What an attestation check found. @public */
export type AttestationVerdict =
  | {
      ok: true;
      keyId: string;
      statement: InTotoStatement<RolloutAttestationPredicate>;
    }
  | {
      ok: false;
      /** Why it is refused, in words that name what to look at. */
      reason: string;
    };

const refuse = (reason: string): AttestationVerdict => ({ ok: false, reason });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The envelope of the text: a DSSE envelope, or the API's answer holding one. */
function envelopeOf(text: string): DsseEnvelope | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'the file is not JSON; give a DSSE envelope or the answer of GET /attestations/{id}';
  }
  const envelope =
    isRecord(parsed) && isRecord(parsed.envelope) ? parsed.envelope : parsed;
  if (
    !isRecord(envelope) ||
    typeof envelope.payloadType !== 'string' ||
    typeof envelope.payload !== 'string' ||
    !Array.isArray(envelope.signatures)
  ) {
    return 'the file is not a DSSE envelope: it needs payloadType, payload and signatures';
  }
  if (envelope.signatures.length === 0) {
    return 'the envelope has no signature';
  }
  const signatures = [];
  for (const [index, signature] of envelope.signatures.entries()) {
    if (
      !isRecord(signature) ||
      typeof signature.sig !== 'string' ||
      (signature.keyid !== undefined && typeof signature.keyid !== 'string')
    ) {
      return `signatures[${index}] is not a signature: it needs sig (base64) and may have keyid`;
    }
    signatures.push({
      sig: signature.sig,
      ...(signature.keyid ? { keyid: signature.keyid } : {}),
    });
  }
  return {
    payloadType: envelope.payloadType,
    payload: envelope.payload,
    signatures,
  };
}

/**
 * Checks a Netseal attestation offline (DSSE v1 over an in-toto Statement v1): the
 * envelope signed by the given key over exactly its payload, then the payload a Netseal
 * rollout statement. The signature is checked before the payload is read, so nothing of
 * an unsigned payload is ever reported as attested.
 *
 * @public
 */
export async function verifyAttestation(
  text: string,
  verifier: AttestationVerifier,
): Promise<AttestationVerdict> {
  const envelope = envelopeOf(text);
  if (typeof envelope === 'string') return refuse(envelope);
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return refuse(
      `payloadType is ${JSON.stringify(
        envelope.payloadType,
      )}, not ${IN_TOTO_PAYLOAD_TYPE}: this is not an in-toto attestation`,
    );
  }
  const payload = base64ToBytes(envelope.payload);
  if (!payload) {
    return refuse(
      'the payload is not base64: the envelope was changed after signing',
    );
  }
  const candidates = envelope.signatures.filter(
    signature => !signature.keyid || signature.keyid === verifier.keyId,
  );
  if (candidates.length === 0) {
    return refuse(
      `wrong key: the envelope is signed by ${envelope.signatures
        .map(signature => signature.keyid)
        .join(', ')}, and the key given is ${
        verifier.keyId
      }; verify with the public key of netseal.attestation.privateKey that signed it`,
    );
  }
  const message = preAuthEncoding(envelope.payloadType, payload);
  let malformed = 0;
  for (const candidate of candidates) {
    const signature = base64ToBytes(candidate.sig);
    if (!signature || signature.length === 0) {
      malformed++;
      continue;
    }
    let valid = false;
    try {
      valid = await verifier.verify(message, signature);
    } catch {
      valid = false;
    }
    if (valid) return readStatement(payload, verifier.keyId);
  }
  if (malformed === candidates.length) {
    return refuse('bad signature: the signature is not base64 or is empty');
  }
  return refuse(
    candidates.every(candidate => candidate.keyid === verifier.keyId)
      ? `bad signature: the signature of key ${verifier.keyId} does not match the payload; the statement or its signature was changed after signing`
      : `bad signature: no signature verifies with key ${verifier.keyId}; it is the wrong key, or the statement or its signature was changed after signing`,
  );
}

function readStatement(payload: Uint8Array, keyId: string): AttestationVerdict {
  let statement: unknown;
  try {
    statement = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(payload),
    );
  } catch {
    return refuse('the signed payload is not JSON: it is no in-toto statement');
  }
  if (!isRecord(statement) || statement._type !== IN_TOTO_STATEMENT_TYPE) {
    return refuse(
      `the signed payload is not an in-toto Statement (${IN_TOTO_STATEMENT_TYPE})`,
    );
  }
  if (
    statement.predicateType !== NETSEAL_ROLLOUT_PREDICATE_TYPE ||
    !isRecord(statement.predicate) ||
    !Array.isArray(statement.subject)
  ) {
    return refuse(
      `the signed statement's predicateType is ${JSON.stringify(
        statement.predicateType,
      )}, not ${NETSEAL_ROLLOUT_PREDICATE_TYPE}`,
    );
  }
  return {
    ok: true,
    keyId,
    statement:
      statement as unknown as InTotoStatement<RolloutAttestationPredicate>,
  };
}
