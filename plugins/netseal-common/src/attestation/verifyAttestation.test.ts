import { generateKeyPairSync, sign, verify } from 'node:crypto';
import {
  base64ToBytes,
  bytesToBase64,
  DsseEnvelope,
  preAuthEncoding,
} from './dsse';
import {
  attestationKeyId,
  AttestationSigner,
  signStatement,
} from './signStatement';
import {
  buildRolloutStatement,
  RolloutAttestationPredicate,
} from './statement';
import { AttestationVerifier, verifyAttestation } from './verifyAttestation';

const SEAL = `sha256:${'ab'.repeat(32)}`;

const predicate: RolloutAttestationPredicate = {
  kind: 'request',
  id: 'req-1',
  entityRef: 'component:default/payments',
  request: { requester: 'user:default/dana' },
  approvers: ['user:default/rui'],
  mergedBy: 'rui',
  mergeCommit: 'c0ffee',
  startedBy: 'system',
  startedAt: '2026-12-06T09:00:00.000Z',
  endedAt: '2026-12-06T09:00:05.000Z',
  changes: [
    {
      op: 'replace',
      cluster: 'prod-eu',
      namespace: 'payments',
      name: 'allow-checkout',
      seal: SEAL,
    },
    { op: 'remove', cluster: 'prod-eu', namespace: 'payments', name: 'old' },
  ],
  clusters: [
    {
      cluster: 'prod-eu',
      identity: 'netseal-rollout',
      status: 'completed',
      steps: [],
    },
  ],
};

/**
 * An Ed25519 key pair with Node's crypto, as the backend and the CLI pass it in; the
 * code under test sees only the signing and verifying functions.
 */
async function keyPair(): Promise<{
  signer: AttestationSigner;
  verifier: AttestationVerifier;
}> {
  const keys = generateKeyPairSync('ed25519');
  const keyId = attestationKeyId(
    keys.publicKey.export({ type: 'spki', format: 'der' }),
  );
  return {
    signer: { keyId, sign: message => sign(null, message, keys.privateKey) },
    verifier: {
      keyId,
      verify: (message, signature) =>
        verify(null, message, keys.publicKey, signature),
    },
  };
}

const utf8 = new TextEncoder();

describe('DSSE pre-authentication encoding', () => {
  it('is the spec’s example, byte for byte', () => {
    expect(
      new TextDecoder().decode(
        preAuthEncoding(
          'http://example.com/HelloWorld',
          utf8.encode('hello world'),
        ),
      ),
    ).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
  });

  it('counts bytes, not characters', () => {
    expect(
      new TextDecoder().decode(preAuthEncoding('t', utf8.encode('é'))),
    ).toBe('DSSEv1 1 t 2 é');
  });

  it('reads standard and URL-safe base64, and refuses what is not base64', () => {
    const bytes = new Uint8Array([251, 255, 190]);
    expect(bytesToBase64(bytes)).toBe('+/++');
    expect(base64ToBytes('-_--')).toEqual(bytes);
    expect(base64ToBytes('+/+')).toEqual(new Uint8Array([251, 255]));
    expect(base64ToBytes('+/+*')).toBeUndefined();
    expect(base64ToBytes('A')).toBeUndefined();
  });
});

describe('verifyAttestation', () => {
  it('accepts a signed rollout statement and names each created policy by its seal', async () => {
    const { signer, verifier } = await keyPair();
    const envelope = await signStatement(
      buildRolloutStatement(predicate),
      signer,
    );

    const verdict = await verifyAttestation(JSON.stringify(envelope), verifier);

    expect(verdict).toEqual({
      ok: true,
      keyId: verifier.keyId,
      statement: expect.objectContaining({
        subject: [
          {
            name: 'prod-eu/payments/allow-checkout',
            digest: { sha256: 'ab'.repeat(32) },
          },
        ],
        predicate,
      }),
    });
    // The API's answer holds the envelope beside its id: it verifies as it is.
    await expect(
      verifyAttestation(JSON.stringify({ id: 'req-1', envelope }), verifier),
    ).resolves.toMatchObject({ ok: true });
  });

  it('refuses the statement once one byte of its predicate changed', async () => {
    const { signer, verifier } = await keyPair();
    const envelope = await signStatement(
      buildRolloutStatement(predicate),
      signer,
    );
    const payload = base64ToBytes(envelope.payload)!;
    const at = new TextDecoder().decode(payload).indexOf('rui');
    payload[at] = 'e'.charCodeAt(0);
    const edited: DsseEnvelope = {
      ...envelope,
      payload: bytesToBase64(payload),
    };

    const verdict = await verifyAttestation(JSON.stringify(edited), verifier);

    expect(verdict).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /^bad signature: .* does not match the payload; the statement or its signature was changed after signing$/,
      ),
    });
  });

  it('refuses another key, naming both', async () => {
    const { signer } = await keyPair();
    const other = await keyPair();
    const envelope = await signStatement(
      buildRolloutStatement(predicate),
      signer,
    );

    const verdict = await verifyAttestation(
      JSON.stringify(envelope),
      other.verifier,
    );

    expect(verdict).toEqual({
      ok: false,
      reason: expect.stringContaining(
        `wrong key: the envelope is signed by ${signer.keyId}, and the key given is ${other.verifier.keyId}`,
      ),
    });
  });

  it('refuses a changed signature and one that is not base64', async () => {
    const { signer, verifier } = await keyPair();
    const envelope = await signStatement(
      buildRolloutStatement(predicate),
      signer,
    );
    const sig = base64ToBytes(envelope.signatures[0].sig)!;
    sig[0] ^= 1;
    const flipped = {
      ...envelope,
      signatures: [{ keyid: signer.keyId, sig: bytesToBase64(sig) }],
    };
    const garbled = {
      ...envelope,
      signatures: [{ keyid: signer.keyId, sig: 'not base64!' }],
    };

    await expect(
      verifyAttestation(JSON.stringify(flipped), verifier),
    ).resolves.toEqual({
      ok: false,
      reason: expect.stringMatching(/^bad signature: /),
    });
    await expect(
      verifyAttestation(JSON.stringify(garbled), verifier),
    ).resolves.toEqual({
      ok: false,
      reason: 'bad signature: the signature is not base64 or is empty',
    });
  });

  it('names what is wrong with text that is no envelope', async () => {
    const { verifier } = await keyPair();
    await expect(verifyAttestation('{', verifier)).resolves.toEqual({
      ok: false,
      reason: expect.stringMatching(/^the file is not JSON/),
    });
    await expect(
      verifyAttestation(JSON.stringify({ payload: 'x' }), verifier),
    ).resolves.toEqual({
      ok: false,
      reason: expect.stringMatching(
        /needs payloadType, payload and signatures/,
      ),
    });
    await expect(
      verifyAttestation(
        JSON.stringify({
          payloadType: 'application/vnd.in-toto+json',
          payload: '',
          signatures: [],
        }),
        verifier,
      ),
    ).resolves.toEqual({ ok: false, reason: 'the envelope has no signature' });
  });
});
