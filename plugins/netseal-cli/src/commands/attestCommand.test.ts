import {
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  sign,
} from 'node:crypto';
import {
  attestationKeyId,
  base64ToBytes,
  buildRolloutStatement,
  bytesToBase64,
  signStatement,
} from '@netseal/backstage-plugin-netseal-common';
import { createWorkspace, runCli } from '../__testUtils__/runCli';

const SEAL_HEX = 'ab'.repeat(32);

/**
 * An attestation as the backend signs one (AttestationService: buildRolloutStatement,
 * then signStatement with Node's crypto), in the shape GET /attestations/{id} serves.
 */
async function attestationSignedWith(
  privateKey: KeyObject,
  digest: 'sha256' | null,
) {
  const publicKey = createPublicKey(privateKey);
  const keyId = attestationKeyId(
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const envelope = await signStatement(
    buildRolloutStatement({
      kind: 'request',
      id: 'req-1',
      entityRef: 'component:default/payments',
      request: { requester: 'user:default/dana' },
      approvers: ['user:default/ana'],
      mergedBy: 'user:default/dana',
      mergeCommit: 'c0ffee00',
      startedBy: 'system',
      startedAt: '2026-12-08T09:00:00.000Z',
      endedAt: '2026-12-08T09:00:04.000Z',
      changes: [
        {
          op: 'replace',
          cluster: 'prod-eu',
          namespace: 'shop',
          name: 'allow-checkout',
          seal: `sha256:${SEAL_HEX}`,
        },
        {
          op: 'remove',
          cluster: 'prod-eu',
          namespace: 'shop',
          name: 'allow-all',
          removedDigest: `sha256:${'0'.repeat(64)}`,
        },
      ],
      clusters: [
        {
          cluster: 'prod-eu',
          identity: 'netseal-rollout',
          status: 'completed',
          steps: [],
        },
      ],
    }),
    { keyId, sign: message => sign(digest, message, privateKey) },
  );
  return {
    id: 'req-1',
    kind: 'request',
    entityRef: 'component:default/payments',
    keyId,
    createdAt: '2026-12-08T09:00:05.000Z',
    envelope,
  };
}

function publicPem(privateKey: KeyObject) {
  return createPublicKey(privateKey)
    .export({ type: 'spki', format: 'pem' })
    .toString();
}

describe('netseal attest verify', () => {
  let workspace: Awaited<ReturnType<typeof createWorkspace>>;
  afterEach(async () => {
    await workspace?.cleanup();
  });

  const ed25519 = generateKeyPairSync('ed25519').privateKey;

  it('accepts an attestation signed with the key, and prints what it attests', async () => {
    const attestation = await attestationSignedWith(ed25519, null);
    workspace = await createWorkspace({
      'attestation.json': JSON.stringify(attestation),
      'netseal.pub': publicPem(ed25519),
    });

    const result = await runCli(
      ['attest', 'verify', 'attestation.json', '--key', 'netseal.pub'],
      { cwd: workspace.dir },
    );

    expect(result).toEqual({
      code: 0,
      stdout: [
        `attestation.json: verified: signed by key ${attestation.keyId}`,
        '  request req-1 of component:default/payments, ended 2026-12-08T09:00:04.000Z',
        '  approved by: user:default/ana',
        '  merge commit: c0ffee00 (merged by user:default/dana)',
        '  cluster prod-eu as netseal-rollout',
        `  created prod-eu/shop/allow-checkout sha256:${SEAL_HEX}`,
        `  removed prod-eu/shop/allow-all sha256:${'0'.repeat(64)}`,
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('accepts an ECDSA P-256 signature and the bare envelope', async () => {
    const p256 = generateKeyPairSync('ec', {
      namedCurve: 'prime256v1',
    }).privateKey;
    const attestation = await attestationSignedWith(p256, 'sha256');
    workspace = await createWorkspace({
      'envelope.json': JSON.stringify(attestation.envelope),
      'p256.pub': publicPem(p256),
    });

    const result = await runCli(
      ['attest', 'verify', 'envelope.json', '--key', 'p256.pub'],
      { cwd: workspace.dir },
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^envelope\.json: verified: signed by key sha256:/,
    );
  });

  it('refuses it after one byte of its predicate changed, saying why', async () => {
    const attestation = await attestationSignedWith(ed25519, null);
    const payload = base64ToBytes(attestation.envelope.payload)!;
    const at = Buffer.from(payload).indexOf('c0ffee00');
    payload[at] = 'd'.charCodeAt(0);
    attestation.envelope.payload = bytesToBase64(payload);
    workspace = await createWorkspace({
      'attestation.json': JSON.stringify(attestation),
      'netseal.pub': publicPem(ed25519),
    });

    const result = await runCli(
      ['attest', 'verify', 'attestation.json', '--key', 'netseal.pub'],
      { cwd: workspace.dir },
    );

    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `netseal: attestation.json: refused: bad signature: the signature of key ${attestation.keyId} does not match the payload; the statement or its signature was changed after signing\n`,
    });
  });

  it('refuses another key, naming the key that signed and the one given', async () => {
    const attestation = await attestationSignedWith(ed25519, null);
    const other = generateKeyPairSync('ed25519').privateKey;
    workspace = await createWorkspace({
      'attestation.json': JSON.stringify(attestation),
      'other.pub': publicPem(other),
    });

    const result = await runCli(
      ['attest', 'verify', 'attestation.json', '--key', 'other.pub'],
      { cwd: workspace.dir },
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^netseal: attestation\\.json: refused: wrong key: the envelope is signed by ${attestation.keyId}, and the key given is sha256:[0-9a-f]{64}; `,
      ),
    );
  });

  it('refuses a bad signature', async () => {
    const attestation = await attestationSignedWith(ed25519, null);
    const signature = base64ToBytes(attestation.envelope.signatures[0].sig)!;
    signature[10] ^= 0xff;
    attestation.envelope.signatures[0].sig = bytesToBase64(signature);
    workspace = await createWorkspace({
      'attestation.json': JSON.stringify(attestation),
      'netseal.pub': publicPem(ed25519),
    });

    const result = await runCli(
      ['attest', 'verify', 'attestation.json', '--key', 'netseal.pub'],
      { cwd: workspace.dir },
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^netseal: attestation\.json: refused: bad signature: /,
    );
  });

  it('is a usage error without --key, with a key it cannot read, or a file that is missing', async () => {
    workspace = await createWorkspace({
      'attestation.json': '{}',
      'rsa.pub': publicPem(
        generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey,
      ),
      'garbage.pub': 'not a key',
    });
    const run = (...args: string[]) =>
      runCli(['attest', 'verify', ...args], { cwd: workspace.dir });

    const noKey = await run('attestation.json');
    const rsa = await run('attestation.json', '--key', 'rsa.pub');
    const garbage = await run('attestation.json', '--key', 'garbage.pub');
    const missing = await run('nowhere.json', '--key', 'rsa.pub');

    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/attest verify needs --key PUBLIC_KEY/);
    expect(rsa).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'netseal: rsa.pub: is a rsa key; Netseal signs with Ed25519 or ECDSA P-256\n',
    });
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(
      /^netseal: garbage\.pub: not a PEM public key/,
    );
    expect(missing.code).toBe(2);
  });
});
