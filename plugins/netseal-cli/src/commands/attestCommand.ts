import { createPublicKey, KeyObject, verify } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  attestationKeyId,
  AttestationVerifier,
  verifyAttestation,
} from '@netseal/backstage-plugin-netseal-common';
import { CliIo } from '../CliIo';
import { ExitCode } from '../exitCodes';
import { describeFileError } from '../manifests/describeFileError';

/** Attestations are small; anything larger is not one of Netseal's. */
const MAX_ATTESTATION_BYTES = 5 * 1024 * 1024;

async function readText(
  io: CliIo,
  file: string,
  what: string,
): Promise<string | undefined> {
  try {
    const absolute = path.resolve(io.cwd, file);
    const stats = await fs.stat(absolute);
    if (!stats.isFile()) {
      io.stderr.write(`netseal: ${file}: ${what} must be a file\n`);
      return undefined;
    }
    if (stats.size > MAX_ATTESTATION_BYTES) {
      io.stderr.write(
        `netseal: ${file}: ${what} is over 5 MiB, refused unread\n`,
      );
      return undefined;
    }
    return await fs.readFile(absolute, 'utf8');
  } catch (error) {
    io.stderr.write(
      `netseal: ${file}: cannot read ${what}: ${describeFileError(error)}\n`,
    );
    return undefined;
  }
}

/** The verifier of an Ed25519 or ECDSA P-256 public key, or why the key cannot verify. */
function verifierOf(key: KeyObject): AttestationVerifier | string {
  const type = key.asymmetricKeyType;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (type !== 'ed25519' && !(type === 'ec' && curve === 'prime256v1')) {
    return `is a ${type}${
      curve ? ` (${curve})` : ''
    } key; Netseal signs with Ed25519 or ECDSA P-256`;
  }
  // Ed25519 signs the message itself; ECDSA its SHA-256, with a DER signature.
  const digest = type === 'ed25519' ? null : 'sha256';
  return {
    keyId: attestationKeyId(key.export({ type: 'spki', format: 'der' })),
    verify: (message, signature) => verify(digest, message, key, signature),
  };
}

/**
 * `netseal attest verify FILE --key PUBLIC_KEY`: checks a rollout's or restore's signed
 * attestation offline. 0 when it verifies, 1 when it is refused (another key, a bad
 * signature, a payload changed after signing), 2 when the file or key cannot be read.
 */
export async function attestVerifyCommand(
  file: string,
  options: { key?: string },
  io: CliIo,
): Promise<ExitCode> {
  if (!options.key) {
    io.stderr.write(
      "netseal: attest verify needs --key PUBLIC_KEY: the PEM public key of the backend's netseal.attestation.privateKey (openssl pkey -pubout)\n",
    );
    return ExitCode.badInput;
  }
  const keyText = await readText(io, options.key, 'the public key');
  if (keyText === undefined) return ExitCode.badInput;
  let key: KeyObject;
  try {
    key = createPublicKey(keyText);
  } catch (error) {
    io.stderr.write(
      `netseal: ${options.key}: not a PEM public key (${
        (error as Error).message
      }); give the output of "openssl pkey -pubout" for the signing key\n`,
    );
    return ExitCode.badInput;
  }
  const verifier = verifierOf(key);
  if (typeof verifier === 'string') {
    io.stderr.write(`netseal: ${options.key}: ${verifier}\n`);
    return ExitCode.badInput;
  }
  const text = await readText(io, file, 'the attestation');
  if (text === undefined) return ExitCode.badInput;

  const verdict = await verifyAttestation(text, verifier);
  if (!verdict.ok) {
    io.stderr.write(`netseal: ${file}: refused: ${verdict.reason}\n`);
    return ExitCode.problems;
  }
  const { predicate, subject } = verdict.statement;
  const lines = [
    `${file}: verified: signed by key ${verdict.keyId}`,
    `  ${predicate.kind === 'restore' ? 'restore' : 'request'} ${
      predicate.id
    } of ${predicate.entityRef}, ended ${predicate.endedAt}`,
    `  approved by: ${
      predicate.approvers.length > 0
        ? predicate.approvers.join(', ')
        : 'nobody (a restore puts back a seal reviewed before)'
    }`,
    ...(predicate.mergeCommit
      ? [
          `  merge commit: ${predicate.mergeCommit}${
            predicate.mergedBy ? ` (merged by ${predicate.mergedBy})` : ''
          }`,
        ]
      : []),
    ...predicate.clusters.map(
      cluster => `  cluster ${cluster.cluster} as ${cluster.identity}`,
    ),
    ...subject.map(
      item =>
        `  ${
          item.annotations?.['netseal.io/op'] === 'remove'
            ? 'removed'
            : 'created'
        } ${item.name} sha256:${item.digest.sha256}`,
    ),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return ExitCode.ok;
}
