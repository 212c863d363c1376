import { randomUUID } from 'node:crypto';
import { NotFoundError } from '@backstage/errors';
import type { ChangeRef } from '@netseal/backstage-plugin-netseal-node';
import type { Knex } from 'knex';
import {
  HeldPolicy,
  ListRequestsOptions,
  NewRequest,
  PendingRequestChange,
  RequestAsFiled,
  RequestReviewSnapshot,
  RequestState,
  RequestStore,
  RequestTransition,
  ROLLOUT_PENDING_STATES,
  StoredRequest,
  StoredRequestChange,
  UNDECIDED_STATES,
} from './RequestStore';

const REQUESTS = 'netseal_requests';
const TRANSITIONS = 'netseal_request_transitions';
const HELD_POLICIES = 'netseal_request_policies';
const MAX_PAGE = 500;

interface RequestRow {
  id: string;
  entity_ref: string;
  state: string;
  reason: string;
  requester: string;
  requester_login: string | null;
  provider_id: string | null;
  change_ref: string | null;
  changes: string;
  error_kind: string | null;
  error_message: string | null;
  idempotency_key: string | null;
  idempotency_fingerprint?: string | null;
  created_at: Date | string | number;
  updated_at: Date | string | number;
  reviews: string | null;
  approvals: number | null;
  required_approvals: number | null;
  reviewed_at: Date | string | number | null;
  /** Left out of listings, which never show it. */
  as_filed?: string | null;
}

/** Every column but `as_filed`, which only a single request's read needs. */
const LISTED_COLUMNS = [
  'id',
  'entity_ref',
  'state',
  'reason',
  'requester',
  'requester_login',
  'provider_id',
  'change_ref',
  'changes',
  'error_kind',
  'error_message',
  'idempotency_key',
  'created_at',
  'updated_at',
  'reviews',
  'approvals',
  'required_approvals',
  'reviewed_at',
] as const;

interface TransitionRow {
  request_id: string;
  from_state: string | null;
  to_state: string;
  actor: string;
  reason: string | null;
  at: Date | string | number;
}

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

function toRequest(row: RequestRow): StoredRequest {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    state: row.state as RequestState,
    reason: row.reason,
    requester: row.requester,
    ...(row.requester_login ? { requesterLogin: row.requester_login } : {}),
    ...(row.provider_id ? { providerId: row.provider_id } : {}),
    ...(row.change_ref
      ? { changeRef: JSON.parse(row.change_ref) as ChangeRef }
      : {}),
    changes: JSON.parse(row.changes),
    ...(row.error_kind
      ? { error: { kind: row.error_kind, message: row.error_message ?? '' } }
      : {}),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    ...(row.reviewed_at !== null && row.reviews !== null
      ? {
          reviewed: {
            reviews: JSON.parse(row.reviews),
            approvals: Number(row.approvals ?? 0),
            requiredApprovals: Number(row.required_approvals ?? 0),
            at: toDate(row.reviewed_at),
          },
        }
      : {}),
    ...(row.as_filed
      ? { asFiled: JSON.parse(row.as_filed) as RequestAsFiled }
      : {}),
  };
}

function isUniqueViolation(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    (typeof message === 'string' && /UNIQUE constraint failed/.test(message))
  );
}

/** The RequestStore on the plugin's database (PostgreSQL in production, SQLite embedded). */
export class DatabaseRequestStore implements RequestStore {
  /** On a migrated database: see NetsealDatabase. */
  constructor(
    private readonly db: Knex,
    private readonly newId: () => string = randomUUID,
  ) {}

  async create(
    request: NewRequest,
    at: Date,
  ): Promise<
    | { created: StoredRequest }
    | { existing: StoredRequest }
    | { keyReused: StoredRequest }
    | { held: HeldPolicy }
  > {
    const existing = await this.#sameKey(request);
    if (existing) {
      return existing;
    }
    const id = this.newId();
    try {
      const result = await this.db.transaction(async tx => {
        const held = await this.#heldPolicy(tx, request);
        if (held) {
          return { held };
        }
        await tx(REQUESTS).insert({
          id,
          entity_ref: request.entityRef,
          state: 'open',
          reason: request.reason,
          requester: request.requester,
          requester_login: request.requesterLogin ?? null,
          provider_id: request.providerId,
          change_ref: null,
          changes: JSON.stringify(request.changes),
          idempotency_key: request.idempotencyKey ?? null,
          ...(request.idempotencyKey && request.idempotencyFingerprint
            ? { idempotency_fingerprint: request.idempotencyFingerprint }
            : {}),
          created_at: at,
          updated_at: at,
        });
        // The primary key of a held policy is the guard against a concurrent request
        // that passed the check above at the same moment.
        await tx(HELD_POLICIES).insert(
          request.changes.map(change => ({
            cluster: change.cluster,
            namespace: change.namespace,
            name: change.name,
            request_id: id,
          })),
        );
        await tx(TRANSITIONS).insert({
          request_id: id,
          from_state: null,
          to_state: 'open',
          actor: request.requester,
          reason: request.reason,
          at,
        });
        const row = await tx<RequestRow>(REQUESTS).where({ id }).first();
        return { created: toRequest(row!) };
      });
      // A concurrent request with the same key may have stored its held policies
      // first: it is this one's first try (or a reuse of its key), not another request.
      if ('held' in result && request.idempotencyKey) {
        const again = await this.#sameKey(request);
        if (again) return again;
      }
      return result;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another request with the same key won the race: the same body is a retry.
      const again = await this.#sameKey(request);
      if (again) return again;
      const held = await this.#heldPolicy(this.db, request);
      if (held) return { held };
      throw error;
    }
  }

  async get(id: string): Promise<StoredRequest | undefined> {
    const row = await this.db<RequestRow>(REQUESTS).where({ id }).first();
    return row ? toRequest(row) : undefined;
  }

  async list(
    options: ListRequestsOptions,
  ): Promise<{ items: StoredRequest[]; totalCount: number }> {
    const limit = Math.min(Math.max(options.limit, 1), MAX_PAGE);
    const filtered = () => {
      const query = this.db<RequestRow>(REQUESTS);
      if (options.entityRef) query.where('entity_ref', options.entityRef);
      if (options.entityRefs) query.whereIn('entity_ref', options.entityRefs);
      if (options.state) query.where('state', options.state);
      return query;
    };
    if (options.entityRefs?.length === 0) {
      return { items: [], totalCount: 0 };
    }
    const [rows, [{ count }]] = await Promise.all([
      filtered()
        .select(...LISTED_COLUMNS)
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(limit)
        .offset(options.offset ?? 0),
      filtered().count<{ count: string | number }[]>({ count: '*' }),
    ]);
    return { items: rows.map(toRequest), totalCount: Number(count) };
  }

  async transition(
    id: string,
    options: {
      to: RequestState;
      actor: string;
      reason?: string;
      changeRef?: ChangeRef;
      error?: { kind: string; message: string };
      at: Date;
    },
  ): Promise<{ request: StoredRequest; from?: RequestState }> {
    return this.db.transaction(async tx => {
      const row = await tx<RequestRow>(REQUESTS)
        .where({ id })
        .forUpdate()
        .first();
      if (!row) {
        throw new NotFoundError(`No replacement request ${id}`);
      }
      const from = row.state as RequestState;
      if (from === options.to) {
        return { request: toRequest(row) };
      }
      await tx(REQUESTS)
        .where({ id })
        .update({
          state: options.to,
          updated_at: options.at,
          ...(options.changeRef
            ? { change_ref: JSON.stringify(options.changeRef) }
            : {}),
          ...(options.error
            ? {
                error_kind: options.error.kind,
                error_message: options.error.message,
              }
            : {}),
        });
      await tx(TRANSITIONS).insert({
        request_id: id,
        from_state: from,
        to_state: options.to,
        actor: options.actor,
        reason: options.reason ?? null,
        at: options.at,
      });
      if (!UNDECIDED_STATES.includes(options.to)) {
        await tx(HELD_POLICIES).where({ request_id: id }).delete();
      }
      const after = await tx<RequestRow>(REQUESTS).where({ id }).first();
      return { request: toRequest(after!), from };
    });
  }

  async setChangeRef(id: string, changeRef: ChangeRef, at: Date) {
    await this.db(REQUESTS)
      .where({ id })
      .update({ change_ref: JSON.stringify(changeRef), updated_at: at });
  }

  async setAsFiled(id: string, asFiled: RequestAsFiled) {
    await this.db(REQUESTS)
      .where({ id })
      .update({ as_filed: JSON.stringify(asFiled) });
  }

  async setReviews(id: string, snapshot: RequestReviewSnapshot, at: Date) {
    await this.db(REQUESTS)
      .where({ id })
      .andWhere(query =>
        query.whereNull('reviewed_at').orWhere('reviewed_at', '<=', at),
      )
      .update({
        reviews: JSON.stringify(
          snapshot.reviews.map(review => ({
            reviewer: review.reviewer,
            decision: review.decision,
            at: review.at,
            ...(review.comment ? { comment: review.comment } : {}),
            ...(review.counted !== undefined
              ? { counted: review.counted }
              : {}),
          })),
        ),
        approvals: snapshot.approvals,
        required_approvals: snapshot.requiredApprovals,
        reviewed_at: at,
      });
  }

  async listTransitions(id: string): Promise<RequestTransition[]> {
    const rows = await this.db<TransitionRow>(TRANSITIONS)
      .where({ request_id: id })
      .orderBy('id', 'asc');
    return rows.map(row => ({
      ...(row.from_state ? { from: row.from_state as RequestState } : {}),
      to: row.to_state as RequestState,
      actor: row.actor,
      ...(row.reason ? { reason: row.reason } : {}),
      at: toDate(row.at),
    }));
  }

  async listEntityRefs(): Promise<string[]> {
    const rows: { entity_ref: string }[] = await this.db(REQUESTS)
      .distinct('entity_ref')
      .orderBy('entity_ref');
    return rows.map(row => row.entity_ref);
  }

  async listPendingChanges(): Promise<PendingRequestChange[]> {
    const rows: Pick<RequestRow, 'id' | 'entity_ref' | 'state' | 'changes'>[] =
      await this.db<RequestRow>(REQUESTS)
        .select('id', 'entity_ref', 'state', 'changes')
        .whereIn('state', ROLLOUT_PENDING_STATES)
        .orderBy([
          { column: 'created_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ]);
    return rows.flatMap(row =>
      (JSON.parse(row.changes) as StoredRequestChange[]).map(change => ({
        requestId: row.id,
        entityRef: row.entity_ref,
        state: row.state as PendingRequestChange['state'],
        change,
      })),
    );
  }

  async findByIdempotencyKey(
    requester: string,
    idempotencyKey: string,
  ): Promise<{ request: StoredRequest; fingerprint?: string } | undefined> {
    const row = await this.db<RequestRow>(REQUESTS)
      .where({ requester, idempotency_key: idempotencyKey })
      .first();
    if (!row) return undefined;
    return {
      request: toRequest(row),
      ...(row.idempotency_fingerprint
        ? { fingerprint: row.idempotency_fingerprint }
        : {}),
    };
  }

  /** The request filed before with the same requester and key, as a retry or a reuse. */
  async #sameKey(
    request: NewRequest,
  ): Promise<
    { existing: StoredRequest } | { keyReused: StoredRequest } | undefined
  > {
    if (!request.idempotencyKey) return undefined;
    const found = await this.findByIdempotencyKey(
      request.requester,
      request.idempotencyKey,
    );
    if (!found) return undefined;
    const reused =
      found.fingerprint !== undefined &&
      request.idempotencyFingerprint !== undefined &&
      found.fingerprint !== request.idempotencyFingerprint;
    return reused ? { keyReused: found.request } : { existing: found.request };
  }

  async #heldPolicy(
    db: Knex,
    request: NewRequest,
  ): Promise<HeldPolicy | undefined> {
    for (const change of request.changes) {
      const row = await db(HELD_POLICIES)
        .where({
          cluster: change.cluster,
          namespace: change.namespace,
          name: change.name,
        })
        .first();
      if (row) {
        return {
          cluster: row.cluster,
          namespace: row.namespace,
          name: row.name,
          requestId: row.request_id,
        };
      }
    }
    return undefined;
  }
}
