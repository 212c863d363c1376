import type { Knex } from 'knex';
import type { AttestationRecord, AttestationStore } from './AttestationStore';

const ATTESTATIONS = 'netseal_attestations';

interface AttestationRow {
  id: string;
  kind: string;
  entity_ref: string;
  key_id: string;
  envelope: string;
  created_at: Date | string | number;
}

/** The AttestationStore on the plugin's database. */
export class DatabaseAttestationStore implements AttestationStore {
  /** On a migrated database: see NetsealDatabase. */
  constructor(private readonly db: Knex) {}

  async add(attestation: AttestationRecord): Promise<void> {
    // Two replicas may hear of the same end: the first signature stands.
    await this.db(ATTESTATIONS)
      .insert({
        id: attestation.id,
        kind: attestation.kind,
        entity_ref: attestation.entityRef,
        key_id: attestation.keyId,
        envelope: JSON.stringify(attestation.envelope),
        created_at: attestation.createdAt,
      })
      .onConflict('id')
      .ignore();
  }

  async get(id: string): Promise<AttestationRecord | undefined> {
    const row: AttestationRow | undefined = await this.db(ATTESTATIONS)
      .where({ id })
      .first();
    if (!row) return undefined;
    return {
      id: row.id,
      kind: row.kind as AttestationRecord['kind'],
      entityRef: row.entity_ref,
      keyId: row.key_id,
      envelope: JSON.parse(row.envelope),
      createdAt:
        row.created_at instanceof Date
          ? row.created_at
          : new Date(row.created_at),
    };
  }
}
