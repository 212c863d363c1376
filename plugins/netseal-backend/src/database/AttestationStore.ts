import type { DsseEnvelope } from '@netseal/backstage-plugin-netseal-common';

/** A signed attestation of one completed rollout or restore. */
export interface AttestationRecord {
  /** The rollout's id: the request's id, or the restore's. */
  id: string;
  kind: 'request' | 'restore';
  entityRef: string;
  /** `sha256:<hex>` of the signing key's public SPKI DER. */
  keyId: string;
  envelope: DsseEnvelope;
  createdAt: Date;
}

/** Where signed attestations persist; one per rollout, never rewritten. */
export interface AttestationStore {
  /** Stores the attestation; a second one for the same rollout is ignored, the first kept. */
  add(attestation: AttestationRecord): Promise<void>;
  get(id: string): Promise<AttestationRecord | undefined>;
}
