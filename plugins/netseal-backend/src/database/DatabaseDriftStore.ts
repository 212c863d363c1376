import { InputError } from '@backstage/errors';
import {
  DRIFT_STATUSES,
  driftStatusRank,
  DriftStatus,
  DriftStatusCounts,
  DriftStatusTransition,
  DriftAttribution,
  PolicyDriftDetails,
  PolicyDriftRecord,
  WriterKind,
  countByStatus,
  isDriftStatus,
} from '@netseal/backstage-plugin-netseal-common';
import type { Knex } from 'knex';
import type {
  ClusterStatusCounts,
  DriftScope,
  DriftStore,
  ListHistoryOptions,
  ListPoliciesOptions,
  PolicyDriftKey,
  PolicyDriftToStore,
  PolicySourceError,
  SealedManifestOfCluster,
  StatusesToReplace,
} from './DriftStore';

const POLICY_DRIFT = 'netseal_policy_drift';
const TRANSITIONS = 'netseal_drift_transitions';
const ENTITIES = 'netseal_drift_entities';

// The column sizes of the migration; checked here so that SQLite, which does not enforce
// them, rejects what PostgreSQL would, with a message instead of a driver error.
const MAX_LENGTH = {
  entityRef: 255,
  cluster: 255,
  namespace: 255,
  name: 512,
  liveDigest: 80,
};
const MAX_PAGE = 1000;
// Rows per INSERT: 23 columns each stays far below SQLite's limit on bound variables.
const ROWS_PER_INSERT = 100;
// Entities per UPDATE that clears source errors, below SQLite's limit on bound variables.
const ENTITIES_PER_UPDATE = 500;
// Longer messages (a stack, a host's HTML page) are cut: the start says what failed.
const MAX_SOURCE_ERROR_LENGTH = 2000;
// Transitions per DELETE of history retention.
const ROWS_PER_DELETE = 1000;

/** The attribution columns that verdicts and transitions share. */
interface AttributionColumns {
  attributed_writer: string | null;
  attributed_manager: string | null;
  attributed_operation: string | null;
  attributed_at: Date | string | number | null;
  attributed_generation: number | string | null;
  attribution_reason: string | null;
}

const ATTRIBUTION_COLUMNS: (keyof AttributionColumns)[] = [
  'attributed_writer',
  'attributed_manager',
  'attributed_operation',
  'attributed_at',
  'attributed_generation',
  'attribution_reason',
];

interface PolicyDriftRow extends AttributionColumns {
  entity_ref: string;
  cluster: string;
  namespace: string;
  name: string;
  status: string;
  status_rank: number;
  reason: string | null;
  seal: string | null;
  live_digest: string | null;
  source_file: string | null;
  source_line: number | null;
  differences: string;
  problems: string | null;
  sealed_manifest: string | null;
  live_manifest: string | null;
  checked_at: Date | string | number;
  status_changed_at: Date | string | number;
}

type PolicyDriftRecordRow = Omit<
  PolicyDriftRow,
  'status_rank' | 'sealed_manifest' | 'live_manifest'
>;

interface TransitionRow extends AttributionColumns {
  id: number;
  entity_ref: string;
  cluster: string;
  namespace: string;
  name: string;
  from_status: string | null;
  to_status: string | null;
  seal: string | null;
  live_digest: string | null;
  reason: string | null;
  occurred_at: Date | string | number;
}

const RECORD_COLUMNS = [
  'entity_ref',
  'cluster',
  'namespace',
  'name',
  'status',
  'reason',
  'seal',
  'live_digest',
  'source_file',
  'source_line',
  'differences',
  'problems',
  'checked_at',
  'status_changed_at',
  ...ATTRIBUTION_COLUMNS,
];

/** The DriftStore on the plugin's database (PostgreSQL in production, SQLite embedded). */
export class DatabaseDriftStore implements DriftStore {
  /** On a migrated database: see NetsealDatabase. */
  constructor(private readonly db: Knex) {}

  async replaceStatuses(
    options: StatusesToReplace,
  ): Promise<DriftStatusTransition[]> {
    return (await this.replaceManyStatuses([options]))[0];
  }

  async replaceManyStatuses(
    writes: readonly StatusesToReplace[],
  ): Promise<DriftStatusTransition[][]> {
    const checked = writes.map(write => {
      const scope = scopeOf(write);
      checkReplaceInput({ ...write, scope });
      return { ...write, scope };
    });
    const entityRefs = checked.map(write => write.entityRef);
    const repeated = entityRefs.find(
      (entityRef, index) => entityRefs.indexOf(entityRef) !== index,
    );
    if (repeated !== undefined) {
      throw new InputError(
        `${repeated} is written twice in one batch; give each entity one write`,
      );
    }
    if (checked.length === 0) return [];
    return this.db.transaction(async tx => {
      // Takes each entity's row lock: concurrent writers of one entity go one at a time,
      // so each sees the other's statuses and no transition is recorded twice. Locks are
      // taken in one order, so two batches never wait on each other in a circle.
      for (const write of [...checked].sort((a, b) =>
        a.entityRef < b.entityRef ? -1 : 1,
      )) {
        await tx(ENTITIES)
          .insert({ entity_ref: write.entityRef, written_at: write.checkedAt })
          .onConflict('entity_ref')
          .merge(['written_at']);
      }
      const results: DriftStatusTransition[][] = [];
      for (const write of checked) {
        results.push(await replaceIn(tx, write));
      }
      return results;
    });
  }

  async listEntityPolicies(entityRef: string): Promise<PolicyDriftRecord[]> {
    const rows = await this.db<PolicyDriftRow>(POLICY_DRIFT)
      .select<PolicyDriftRecordRow[]>(RECORD_COLUMNS)
      .where('entity_ref', entityRef)
      .orderBy([
        { column: 'cluster' },
        { column: 'namespace' },
        { column: 'name' },
      ]);
    return rows.map(toRecord);
  }

  async getPolicy(
    key: PolicyDriftKey,
  ): Promise<PolicyDriftDetails | undefined> {
    const query = this.db<PolicyDriftRow>(POLICY_DRIFT).where({
      cluster: key.cluster,
      namespace: key.namespace,
      name: key.name,
    });
    if (key.entityRef !== undefined) {
      query.andWhere('entity_ref', key.entityRef);
    }
    const row = await query
      .orderBy([{ column: 'status_rank' }, { column: 'entity_ref' }])
      .first();
    if (!row) {
      return undefined;
    }
    const details: PolicyDriftDetails = toRecord(row);
    if (row.sealed_manifest !== null) {
      details.sealedManifest = JSON.parse(row.sealed_manifest);
    }
    if (row.live_manifest !== null) {
      details.liveManifest = JSON.parse(row.live_manifest);
    }
    return details;
  }

  async listHistory(
    options: ListHistoryOptions,
  ): Promise<DriftStatusTransition[]> {
    checkLimit(options.limit);
    if (
      options.before !== undefined &&
      (!Number.isInteger(options.before) || options.before < 1)
    ) {
      throw new InputError(
        `before must be the id of a transition (a positive integer), got ${options.before}`,
      );
    }
    const query = this.db<TransitionRow>(TRANSITIONS);
    for (const [column, value] of [
      ['entity_ref', options.entityRef],
      ['cluster', options.cluster],
      ['namespace', options.namespace],
      ['name', options.name],
    ] as const) {
      if (value !== undefined) {
        query.where(column, value);
      }
    }
    if (options.before !== undefined) {
      query.where('id', '<', options.before);
    }
    const rows = await query.orderBy('id', 'desc').limit(options.limit);
    return rows.map(toTransition);
  }

  async listTransitionsBefore(options: {
    to: Date;
    cluster?: string;
  }): Promise<DriftStatusTransition[]> {
    const query = this.db<TransitionRow>(TRANSITIONS).where(
      'occurred_at',
      '<',
      options.to,
    );
    if (options.cluster !== undefined) {
      query.where('cluster', options.cluster);
    }
    const rows = await query.orderBy('id');
    return rows.map(toTransition);
  }

  async deleteHistoryBefore(cutoff: Date): Promise<number> {
    if (!(cutoff instanceof Date) || Number.isNaN(cutoff.getTime())) {
      throw new InputError('cutoff must be a valid Date');
    }
    let deleted = 0;
    for (;;) {
      const batch = await this.db(TRANSITIONS)
        .whereIn(
          'id',
          this.db(TRANSITIONS)
            .select('id')
            .where('occurred_at', '<', cutoff)
            .orderBy('id')
            .limit(ROWS_PER_DELETE),
        )
        .delete();
      deleted += batch;
      if (batch < ROWS_PER_DELETE) {
        return deleted;
      }
    }
  }

  async listPolicies(options: ListPoliciesOptions): Promise<{
    items: PolicyDriftRecord[];
    totalCount: number;
  }> {
    const { orderBy = 'status', order = 'asc', offset = 0 } = options;
    checkLimit(options.limit);
    if (!Number.isInteger(offset) || offset < 0) {
      throw new InputError(
        `offset must be a whole number of at least 0, got ${offset}`,
      );
    }
    if (!['status', 'name', 'cluster', 'checkedAt'].includes(orderBy)) {
      throw new InputError(
        `orderBy must be one of status, name, cluster, checkedAt, got ${orderBy}`,
      );
    }
    if (order !== 'asc' && order !== 'desc') {
      throw new InputError(`order must be asc or desc, got ${order}`);
    }
    for (const status of options.status ?? []) {
      if (!isDriftStatus(status)) {
        throw new InputError(
          `status ${JSON.stringify(
            status,
          )} is not a drift status; use ${DRIFT_STATUSES.join(', ')}`,
        );
      }
    }

    const filtered = this.db<PolicyDriftRow>(POLICY_DRIFT).where(builder => {
      if (options.cluster !== undefined) {
        builder.where('cluster', options.cluster);
      }
      if (options.namespace !== undefined) {
        builder.where('namespace', options.namespace);
      }
      if (options.entityRef !== undefined) {
        builder.where('entity_ref', options.entityRef);
      }
      if (options.entityRefs !== undefined) {
        builder.whereIn('entity_ref', [...options.entityRefs]);
      }
      if (options.status !== undefined) {
        builder.whereIn('status', [...options.status]);
      }
      if (options.search !== undefined && options.search !== '') {
        const pattern = `%${escapeLike(options.search.toLowerCase())}%`;
        builder.where(search => {
          for (const column of ['name', 'namespace', 'cluster', 'entity_ref']) {
            search.orWhereRaw(`lower(??) like ? escape '\\'`, [
              column,
              pattern,
            ]);
          }
        });
      }
    });

    const [{ count }] = await filtered
      .clone()
      .count<{ count: string | number }[]>({ count: '*' });
    const rows = await filtered
      .clone()
      .select<PolicyDriftRecordRow[]>(RECORD_COLUMNS)
      .orderBy(orderColumns(orderBy, order))
      .limit(options.limit)
      .offset(offset);
    return { items: rows.map(toRecord), totalCount: Number(count) };
  }

  async countByStatus(
    options: {
      cluster?: string;
      entityRef?: string;
      entityRefs?: readonly string[];
    } = {},
  ): Promise<DriftStatusCounts> {
    const query = this.db(POLICY_DRIFT)
      .select('status')
      .count<{ status: string; count: string | number }[]>({ count: '*' })
      .groupBy('status');
    if (options.cluster !== undefined) {
      query.where('cluster', options.cluster);
    }
    if (options.entityRef !== undefined) {
      query.where('entity_ref', options.entityRef);
    }
    if (options.entityRefs !== undefined) {
      query.whereIn('entity_ref', [...options.entityRefs]);
    }
    return countsFrom(await query);
  }

  async recordSourceError(
    entityRef: string,
    error: PolicySourceError,
  ): Promise<void> {
    checkText('entityRef', entityRef, MAX_LENGTH.entityRef);
    if (
      !(error.checkedAt instanceof Date) ||
      Number.isNaN(error.checkedAt.getTime())
    ) {
      throw new InputError('checkedAt must be a valid Date');
    }
    await this.db(ENTITIES)
      .insert({
        entity_ref: entityRef,
        written_at: error.checkedAt,
        source_error: error.message.slice(0, MAX_SOURCE_ERROR_LENGTH),
        source_error_at: error.checkedAt,
      })
      .onConflict('entity_ref')
      .merge(['source_error', 'source_error_at']);
  }

  async clearSourceErrors(entityRefs: readonly string[]): Promise<void> {
    for (let i = 0; i < entityRefs.length; i += ENTITIES_PER_UPDATE) {
      await this.db(ENTITIES)
        .whereIn('entity_ref', entityRefs.slice(i, i + ENTITIES_PER_UPDATE))
        .whereNotNull('source_error')
        .update({ source_error: null, source_error_at: null });
    }
  }

  async getSourceError(
    entityRef: string,
  ): Promise<PolicySourceError | undefined> {
    const row = await this.db<{
      source_error: string | null;
      source_error_at: Date | string | number | null;
    }>(ENTITIES)
      .select('source_error', 'source_error_at')
      .where('entity_ref', entityRef)
      .first();
    if (!row?.source_error || row.source_error_at === null) {
      return undefined;
    }
    return {
      message: row.source_error,
      checkedAt: toDate(row.source_error_at),
    };
  }

  async listEntityRefs(): Promise<string[]> {
    const rows = await this.db(POLICY_DRIFT)
      .distinct('entity_ref')
      .orderBy('entity_ref');
    return rows.map(row => row.entity_ref);
  }

  async countByCluster(
    options: { entityRef?: string; entityRefs?: readonly string[] } = {},
  ): Promise<ClusterStatusCounts[]> {
    const query = this.db(POLICY_DRIFT)
      .select('cluster', 'status')
      .count<{ cluster: string; status: string; count: string | number }[]>({
        count: '*',
      })
      .groupBy('cluster', 'status')
      .orderBy('cluster');
    if (options.entityRef !== undefined) {
      query.where('entity_ref', options.entityRef);
    }
    if (options.entityRefs !== undefined) {
      query.whereIn('entity_ref', [...options.entityRefs]);
    }
    const byCluster = new Map<
      string,
      { status: string; count: string | number }[]
    >();
    for (const row of await query) {
      byCluster.set(row.cluster, [...(byCluster.get(row.cluster) ?? []), row]);
    }
    return [...byCluster].map(([cluster, rows]) => ({
      cluster,
      counts: countsFrom(rows),
    }));
  }

  async listSealedManifests(
    entityRef: string,
  ): Promise<SealedManifestOfCluster[]> {
    const rows = await this.db<PolicyDriftRow>(POLICY_DRIFT)
      .select('cluster', 'sealed_manifest')
      .where('entity_ref', entityRef)
      .whereNotNull('sealed_manifest')
      .orderBy([
        { column: 'cluster' },
        { column: 'namespace' },
        { column: 'name' },
      ]);
    return rows.map(row => ({
      cluster: row.cluster,
      manifest: JSON.parse(row.sealed_manifest!),
    }));
  }
}

/** One entity's write inside a transaction that holds the entity's row lock. */
async function replaceIn(
  tx: Knex.Transaction,
  write: StatusesToReplace & { scope?: DriftScope },
): Promise<DriftStatusTransition[]> {
  const { entityRef, statuses, checkedAt, scope } = write;
  const existingQuery = tx<PolicyDriftRow>(POLICY_DRIFT)
    .select('cluster', 'namespace', 'name', 'status', 'checked_at')
    .select('status_changed_at')
    .where('entity_ref', entityRef);
  if (scope && 'only' in scope) {
    existingQuery.whereIn('cluster', [...scope.only]);
  } else if (scope && scope.allBut.length > 0) {
    existingQuery.whereNotIn('cluster', [...scope.allBut]);
  }
  const existing = new Map(
    (await existingQuery).map(row => [policyKey(row), row]),
  );

  const upserts: Record<string, unknown>[] = [];
  const transitions: Omit<TransitionRow, 'id'>[] = [];
  const checkedAtMs = checkedAt.getTime();
  for (const drift of statuses) {
    const previous = existing.get(policyKey(drift));
    existing.delete(policyKey(drift));
    if (previous && toDate(previous.checked_at).getTime() > checkedAtMs) {
      continue;
    }
    const changed = previous?.status !== drift.status;
    upserts.push(
      toRow(
        entityRef,
        drift,
        checkedAt,
        changed || !previous ? checkedAt : toDate(previous.status_changed_at),
      ),
    );
    if (changed) {
      transitions.push(
        transitionRow(
          entityRef,
          drift,
          previous?.status ?? null,
          drift.status,
          checkedAt,
        ),
      );
    }
  }
  const removed = [...existing.values()].filter(
    row => toDate(row.checked_at).getTime() <= checkedAtMs,
  );

  for (let i = 0; i < upserts.length; i += ROWS_PER_INSERT) {
    await tx(POLICY_DRIFT)
      .insert(upserts.slice(i, i + ROWS_PER_INSERT))
      .onConflict(['entity_ref', 'cluster', 'namespace', 'name'])
      .merge();
  }
  for (const row of removed) {
    await tx(POLICY_DRIFT)
      .where({
        entity_ref: entityRef,
        cluster: row.cluster,
        namespace: row.namespace,
        name: row.name,
      })
      .delete();
    transitions.push({
      entity_ref: entityRef,
      cluster: row.cluster,
      namespace: row.namespace,
      name: row.name,
      from_status: row.status,
      to_status: null,
      seal: null,
      live_digest: null,
      reason: 'no longer in the policy source nor in the cluster',
      occurred_at: checkedAt,
      ...attributionColumns(undefined),
    });
  }
  return insertTransitions(tx, transitions);
}

function scopeOf(options: {
  cluster?: string;
  clusters?: DriftScope;
}): DriftScope | undefined {
  if (options.cluster !== undefined && options.clusters !== undefined) {
    throw new InputError(
      'give either cluster or clusters, not both; clusters: { only: [name] } replaces one cluster as cluster does',
    );
  }
  if (options.cluster !== undefined) {
    checkText('cluster', options.cluster, MAX_LENGTH.cluster);
    return { only: [options.cluster] };
  }
  const scope = options.clusters;
  if (scope !== undefined) {
    const names = 'only' in scope ? scope.only : scope.allBut;
    const field = 'only' in scope ? 'clusters.only' : 'clusters.allBut';
    names.forEach((name, index) =>
      checkText(`${field}[${index}]`, name, MAX_LENGTH.cluster),
    );
  }
  return scope;
}

function inScope(scope: DriftScope | undefined, cluster: string): boolean {
  if (scope === undefined) return true;
  return 'only' in scope
    ? scope.only.includes(cluster)
    : !scope.allBut.includes(cluster);
}

function describeScope(scope: DriftScope): string {
  const names = (list: readonly string[]) =>
    list.map(name => `"${name}"`).join(', ');
  if (!('only' in scope)) return `every cluster but ${names(scope.allBut)}`;
  if (scope.only.length === 0) return 'no cluster';
  return scope.only.length === 1
    ? `only cluster ${names(scope.only)}`
    : `only clusters ${names(scope.only)}`;
}

function checkReplaceInput(options: {
  entityRef: string;
  scope?: DriftScope;
  statuses: readonly PolicyDriftToStore[];
  checkedAt: Date;
}): void {
  const { entityRef, scope, statuses, checkedAt } = options;
  checkText('entityRef', entityRef, MAX_LENGTH.entityRef);
  if (!(checkedAt instanceof Date) || Number.isNaN(checkedAt.getTime())) {
    throw new InputError('checkedAt must be a valid Date');
  }
  const seen = new Set<string>();
  statuses.forEach((drift, index) => {
    const at = `statuses[${index}]`;
    checkText(`${at}.cluster`, drift.cluster, MAX_LENGTH.cluster);
    if (
      typeof drift.namespace !== 'string' ||
      drift.namespace.length > MAX_LENGTH.namespace
    ) {
      throw new InputError(
        `${at}.namespace must be a string of at most ${MAX_LENGTH.namespace} characters`,
      );
    }
    checkText(`${at}.name`, drift.name, MAX_LENGTH.name);
    if (scope !== undefined && !inScope(scope, drift.cluster)) {
      throw new InputError(
        `${at}.cluster is "${drift.cluster}", but ${describeScope(
          scope,
        )} is being replaced; leave cluster and clusters out to replace every cluster of ${entityRef}`,
      );
    }
    if (!isDriftStatus(drift.status)) {
      throw new InputError(
        `${at}.status ${JSON.stringify(
          drift.status,
        )} is not a drift status; use ${DRIFT_STATUSES.join(', ')}`,
      );
    }
    if (
      drift.liveDigest !== undefined &&
      drift.liveDigest.length > MAX_LENGTH.liveDigest
    ) {
      throw new InputError(
        `${at}.liveDigest must be a canonical digest (sha256: and 64 hexadecimal digits)`,
      );
    }
    const key = policyKey(drift);
    if (seen.has(key)) {
      throw new InputError(
        `${at} repeats ${drift.cluster}/${drift.namespace}/${drift.name}; give one status per cluster, namespace and name`,
      );
    }
    seen.add(key);
  });
}

function checkText(field: string, value: unknown, maxLength: number): void {
  if (typeof value !== 'string' || value === '' || value.length > maxLength) {
    throw new InputError(
      `${field} must be a non-empty string of at most ${maxLength} characters`,
    );
  }
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new InputError(
      `limit must be a whole number from 1 to ${MAX_PAGE}, got ${limit}`,
    );
  }
}

function policyKey(policy: {
  cluster: string;
  namespace: string;
  name: string;
}): string {
  return JSON.stringify([policy.cluster, policy.namespace, policy.name]);
}

function toRow(
  entityRef: string,
  drift: PolicyDriftToStore,
  checkedAt: Date,
  statusChangedAt: Date,
): Record<string, unknown> {
  return {
    entity_ref: entityRef,
    cluster: drift.cluster,
    namespace: drift.namespace,
    name: drift.name,
    status: drift.status,
    status_rank: driftStatusRank(drift.status),
    reason: drift.reason ?? null,
    seal: drift.seal ?? null,
    live_digest: drift.liveDigest ?? null,
    source_file: drift.source?.file ?? null,
    source_line: drift.source?.line ?? null,
    differences: JSON.stringify(drift.differences ?? []),
    problems: drift.problems ? JSON.stringify(drift.problems) : null,
    sealed_manifest: jsonOrNull(drift.sealedManifest),
    live_manifest: jsonOrNull(drift.liveManifest),
    checked_at: checkedAt,
    status_changed_at: statusChangedAt,
    ...attributionColumns(drift.attribution),
  };
}

function attributionColumns(
  attribution: DriftAttribution | undefined,
): AttributionColumns {
  return {
    attributed_writer: attribution?.writer ?? null,
    attributed_manager: attribution?.manager ?? null,
    attributed_operation: attribution?.operation ?? null,
    attributed_at: attribution?.time ? new Date(attribution.time) : null,
    attributed_generation: attribution?.generation ?? null,
    attribution_reason: attribution?.reason ?? null,
  };
}

function attributionOf(row: AttributionColumns): DriftAttribution | undefined {
  if (row.attributed_writer === null) return undefined;
  const attribution: DriftAttribution = {
    writer: row.attributed_writer as WriterKind,
  };
  if (row.attributed_manager !== null) {
    attribution.manager = row.attributed_manager;
  }
  if (row.attributed_operation !== null) {
    attribution.operation = row.attributed_operation;
  }
  if (row.attributed_at !== null) {
    attribution.time = toDate(row.attributed_at).toISOString();
  }
  if (row.attributed_generation !== null) {
    attribution.generation = Number(row.attributed_generation);
  }
  if (row.attribution_reason !== null) {
    attribution.reason = row.attribution_reason;
  }
  return attribution;
}

function transitionRow(
  entityRef: string,
  drift: PolicyDriftToStore,
  from: string | null,
  to: string,
  occurredAt: Date,
): Omit<TransitionRow, 'id'> {
  return {
    entity_ref: entityRef,
    cluster: drift.cluster,
    namespace: drift.namespace,
    name: drift.name,
    from_status: from,
    to_status: to,
    seal: drift.seal ?? null,
    live_digest: drift.liveDigest ?? null,
    reason: drift.reason ?? null,
    occurred_at: occurredAt,
    ...attributionColumns(drift.attribution),
  };
}

async function insertTransitions(
  tx: Knex.Transaction,
  transitions: Omit<TransitionRow, 'id'>[],
): Promise<DriftStatusTransition[]> {
  const stored: DriftStatusTransition[] = [];
  for (let i = 0; i < transitions.length; i += ROWS_PER_INSERT) {
    const chunk = transitions.slice(i, i + ROWS_PER_INSERT);
    const ids = await tx(TRANSITIONS)
      .insert(chunk)
      .returning<
        { id: number; cluster: string; namespace: string; name: string }[]
      >(['id', 'cluster', 'namespace', 'name']);
    // RETURNING does not promise the order of the VALUES; the key is unique per call.
    const idByKey = new Map(ids.map(row => [policyKey(row), row.id]));
    for (const row of chunk) {
      stored.push(toTransition({ ...row, id: idByKey.get(policyKey(row))! }));
    }
  }
  return stored;
}

function toRecord(row: PolicyDriftRecordRow): PolicyDriftRecord {
  const record: PolicyDriftRecord = {
    entityRef: row.entity_ref,
    cluster: row.cluster,
    namespace: row.namespace,
    name: row.name,
    status: row.status as DriftStatus,
    differences: JSON.parse(row.differences),
    checkedAt: toDate(row.checked_at).toISOString(),
    statusChangedAt: toDate(row.status_changed_at).toISOString(),
  };
  if (row.reason !== null) {
    record.reason = row.reason;
  }
  if (row.seal !== null) {
    record.seal = row.seal;
  }
  if (row.live_digest !== null) {
    record.liveDigest = row.live_digest;
  }
  if (row.source_file !== null) {
    record.source = { file: row.source_file, line: Number(row.source_line) };
  }
  if (row.problems !== null) {
    record.problems = JSON.parse(row.problems);
  }
  const attribution = attributionOf(row);
  if (attribution) {
    record.attribution = attribution;
  }
  return record;
}

function toTransition(row: TransitionRow): DriftStatusTransition {
  const transition: DriftStatusTransition = {
    id: Number(row.id),
    entityRef: row.entity_ref,
    cluster: row.cluster,
    namespace: row.namespace,
    name: row.name,
    occurredAt: toDate(row.occurred_at).toISOString(),
  };
  if (row.from_status !== null) {
    transition.from = row.from_status as DriftStatus;
  }
  if (row.to_status !== null) {
    transition.to = row.to_status as DriftStatus;
  }
  if (row.seal !== null) {
    transition.seal = row.seal;
  }
  if (row.live_digest !== null) {
    transition.liveDigest = row.live_digest;
  }
  if (row.reason !== null) {
    transition.reason = row.reason;
  }
  const attribution = attributionOf(row);
  if (attribution) {
    transition.attribution = attribution;
  }
  return transition;
}

function countsFrom(
  rows: readonly { status: string; count: string | number }[],
): DriftStatusCounts {
  const counts = countByStatus([]);
  for (const row of rows) {
    if (isDriftStatus(row.status)) {
      counts[row.status] = Number(row.count);
    }
  }
  return counts;
}

function orderColumns(
  orderBy: ListPoliciesOptions['orderBy'],
  order: 'asc' | 'desc',
): { column: string; order: 'asc' | 'desc' }[] {
  const leading = {
    status: ['status_rank'],
    name: ['name', 'namespace'],
    cluster: ['cluster'],
    checkedAt: ['checked_at'],
  }[orderBy ?? 'status'];
  // The rest makes the order total, so pages never repeat or skip a row.
  const rest = ['cluster', 'namespace', 'name', 'entity_ref'].filter(
    column => !leading.includes(column),
  );
  return [
    ...leading.map(column => ({ column, order })),
    ...rest.map(column => ({ column, order: 'asc' as const })),
  ];
}

// PostgreSQL and SQLite both honour `escape '\'`; SQLite has no default escape character.
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, match => `\\${match}`);
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

// PostgreSQL returns Date; SQLite returns what was stored (a number of milliseconds).
function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}
