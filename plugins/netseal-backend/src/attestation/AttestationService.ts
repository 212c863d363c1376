import { KeyObject, sign as signBytes } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  attestationKeyId,
  AttestationSigner,
  buildRolloutStatement,
  signStatement,
} from '@netseal/backstage-plugin-netseal-common';
import type {
  AttestationRecord,
  AttestationStore,
} from '../database/AttestationStore';
import type { RestoreRecord } from '../database/RestoreStore';
import type { StoredRequest } from '../database/RequestStore';
import type { RolloutRecord, RolloutStore } from '../database/RolloutStore';
import { rolloutPredicate } from './rolloutPredicate';

/** The signing key, as `netseal.attestation.privateKey` gives it. */
export interface AttestationKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  algorithm: 'ed25519' | 'ecdsa-p256';
}

/** Why nothing is signed, for the API to say when an attestation is asked for. */
export const UNSIGNED_REASON =
  'Netseal signs no attestations: netseal.attestation.privateKey is not configured';

/**
 * A signer of PAE bytes with Node's crypto: Ed25519 signs the message itself, ECDSA
 * P-256 its SHA-256 with a DER signature, as sigstore and cosign write them.
 */
export function nodeAttestationSigner(key: AttestationKey): AttestationSigner {
  return {
    keyId: attestationKeyId(
      key.publicKey.export({ type: 'spki', format: 'der' }),
    ),
    sign: message =>
      signBytes(
        key.algorithm === 'ed25519' ? null : 'sha256',
        message,
        key.privateKey,
      ),
  };
}

/**
 * Signs every completed rollout and restore as an in-toto Statement in a DSSE envelope,
 * once, and serves them. It hears of ends as events (a request's move to `completed`, a
 * restore's end), connected in `wiring/`; without a key it signs nothing and says so.
 */
export class AttestationService {
  readonly #store: AttestationStore;
  readonly #rollouts: Pick<RolloutStore, 'get'>;
  readonly #signer?: AttestationSigner;
  readonly #logger: LoggerService;
  readonly #now: () => Date;
  readonly #signing = new Set<Promise<void>>();

  constructor(options: {
    store: AttestationStore;
    rollouts: Pick<RolloutStore, 'get'>;
    key?: AttestationKey;
    logger: LoggerService;
    now?: () => Date;
  }) {
    this.#store = options.store;
    this.#rollouts = options.rollouts;
    this.#signer = options.key && nodeAttestationSigner(options.key);
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
  }

  /** The id of the key that signs, or undefined when nothing is signed. */
  get keyId(): string | undefined {
    return this.#signer?.keyId;
  }

  /** Told of each request transition: a completed request's rollout is signed. */
  onRequestTransition(request: StoredRequest): void {
    if (request.state !== 'completed') return;
    this.#track(async () => {
      const rollout = await this.#rollouts.get(request.id);
      if (rollout?.status === 'completed') {
        await this.attest(rollout, { request });
      }
    }, `the rollout of request ${request.id}`);
  }

  /** Told of each restore's end: a completed one is signed. */
  onRestoreEnded(view: {
    restore: RestoreRecord;
    rollout: RolloutRecord;
  }): void {
    if (view.rollout.status !== 'completed') return;
    this.#track(
      () => this.attest(view.rollout, { restore: view.restore }),
      `restore ${view.restore.id}`,
    );
  }

  /** Signs and stores the attestation of a completed rollout; without a key, nothing. */
  async attest(
    rollout: RolloutRecord,
    origin: { request: StoredRequest } | { restore: RestoreRecord },
  ): Promise<AttestationRecord | undefined> {
    if (!this.#signer) return undefined;
    const predicate = rolloutPredicate(rollout, origin);
    const record: AttestationRecord = {
      id: rollout.requestId,
      kind: rollout.kind,
      entityRef: predicate.entityRef,
      keyId: this.#signer.keyId,
      envelope: await signStatement(
        buildRolloutStatement(predicate),
        this.#signer,
      ),
      createdAt: this.#now(),
    };
    await this.#store.add(record);
    this.#logger.info(
      `Signed the attestation of ${rollout.kind} ${rollout.requestId} with key ${record.keyId}`,
    );
    return record;
  }

  /** The attestation of a rollout; 404 naming why when there is none. */
  async get(id: string): Promise<AttestationRecord> {
    const found = await this.#store.get(id);
    if (found) return found;
    throw new NotFoundError(
      this.#signer
        ? `No attestation ${id}: only completed rollouts and restores are signed, from when netseal.attestation.privateKey was configured`
        : `No attestation ${id}. ${UNSIGNED_REASON}`,
    );
  }

  /** Waits for signatures in flight, e.g. in tests and at shutdown. */
  async settle(): Promise<void> {
    while (this.#signing.size > 0) {
      await Promise.allSettled([...this.#signing]);
    }
  }

  #track(work: () => Promise<unknown>, what: string): void {
    if (!this.#signer) return;
    const run = work()
      .then(() => undefined)
      .catch(error =>
        this.#logger.error(
          `Could not sign the attestation of ${what}: ${
            (error as Error).message
          }`,
        ),
      )
      .finally(() => this.#signing.delete(run));
    this.#signing.add(run);
  }
}
