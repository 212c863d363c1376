import type { PolicyProvenance } from '@netseal/backstage-plugin-netseal-common';
import type { Knex } from 'knex';
import type { ProvenanceKey, ProvenanceStore } from './ProvenanceStore';

const PROVENANCE = 'netseal_provenance';

interface ProvenanceRow {
  cluster: string;
  namespace: string;
  name: string;
  entity_ref: string;
  seal: string;
  kind: string;
  rollout_id: string;
  change_url: string | null;
  requested_by: string;
  approvers: string;
  merged_by: string | null;
  merge_commit: string | null;
  identity: string;
  started_by: string;
  completed_at: Date | string | number;
}

/** The ProvenanceStore on the plugin's database. */
export class DatabaseProvenanceStore implements ProvenanceStore {
  /** On a migrated database: see NetsealDatabase. */
  constructor(private readonly db: Knex) {}

  async record(
    records: readonly PolicyProvenance[],
    removed: readonly ProvenanceKey[],
  ): Promise<void> {
    await this.db.transaction(async tx => {
      for (const key of removed) {
        await tx(PROVENANCE).where(keyOf(key)).delete();
      }
      for (const record of records) {
        await tx(PROVENANCE)
          .insert(toRow(record))
          .onConflict(['cluster', 'namespace', 'name'])
          .merge();
      }
    });
  }

  async get(key: ProvenanceKey): Promise<PolicyProvenance | undefined> {
    const row: ProvenanceRow | undefined = await this.db(PROVENANCE)
      .where(keyOf(key))
      .first();
    return row && toRecord(row);
  }

  async list(
    options: { cluster?: string; entityRef?: string } = {},
  ): Promise<PolicyProvenance[]> {
    const query = this.db<ProvenanceRow>(PROVENANCE);
    if (options.cluster !== undefined) query.where('cluster', options.cluster);
    if (options.entityRef !== undefined) {
      query.where('entity_ref', options.entityRef);
    }
    const rows = await query.orderBy([
      { column: 'cluster' },
      { column: 'namespace' },
      { column: 'name' },
    ]);
    return rows.map(toRecord);
  }
}

function keyOf(key: ProvenanceKey) {
  return { cluster: key.cluster, namespace: key.namespace, name: key.name };
}

function toRow(record: PolicyProvenance): ProvenanceRow {
  return {
    ...keyOf(record),
    entity_ref: record.entityRef,
    seal: record.seal,
    kind: record.kind,
    rollout_id: record.id,
    change_url: record.changeUrl ?? null,
    requested_by: record.requestedBy,
    approvers: JSON.stringify(record.approvers),
    merged_by: record.mergedBy ?? null,
    merge_commit: record.mergeCommit ?? null,
    identity: record.identity,
    started_by: record.startedBy,
    completed_at: new Date(record.completedAt),
  };
}

function toRecord(row: ProvenanceRow): PolicyProvenance {
  return {
    ...keyOf(row),
    entityRef: row.entity_ref,
    seal: row.seal,
    kind: row.kind as PolicyProvenance['kind'],
    id: row.rollout_id,
    ...(row.change_url !== null ? { changeUrl: row.change_url } : {}),
    requestedBy: row.requested_by,
    approvers: JSON.parse(row.approvers),
    ...(row.merged_by !== null ? { mergedBy: row.merged_by } : {}),
    ...(row.merge_commit !== null ? { mergeCommit: row.merge_commit } : {}),
    identity: row.identity,
    startedBy: row.started_by,
    completedAt: (row.completed_at instanceof Date
      ? row.completed_at
      : new Date(row.completed_at)
    ).toISOString(),
  };
}
