import { InputError } from '@backstage/errors';
import type { Knex } from 'knex';
import type { Lease, LeaseStore } from './LeaseStore';
import { whereLeaseClaimable } from './whereLeaseClaimable';

const LEASES = 'netseal_leases';
const COLUMNS = { owner: 'owner', heldUntil: 'held_until' };
// The column sizes of the migration, checked here so SQLite refuses what PostgreSQL would.
const MAX_NAME = 300;
const MAX_OWNER = 128;
// Names per statement, below SQLite's limit on bound variables.
const NAMES_PER_STATEMENT = 500;

interface LeaseRow {
  name: string;
  owner: string;
  held_until: Date | string | number;
  acquired_at: Date | string | number;
  report: string | null;
}

// PostgreSQL returns Date; SQLite returns what was stored (a number of milliseconds).
function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

function checkName(name: string): void {
  if (typeof name !== 'string' || name === '' || name.length > MAX_NAME) {
    throw new InputError(
      `a lease name must be a non-empty string of at most ${MAX_NAME} characters, got ${JSON.stringify(
        name,
      )}`,
    );
  }
}

function checkOwner(owner: string): void {
  if (typeof owner !== 'string' || owner === '' || owner.length > MAX_OWNER) {
    throw new InputError(
      `a lease owner must be a non-empty string of at most ${MAX_OWNER} characters`,
    );
  }
}

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += NAMES_PER_STATEMENT) {
    result.push(items.slice(i, i + NAMES_PER_STATEMENT));
  }
  return result;
}

/** The LeaseStore on the plugin's database (PostgreSQL in production, SQLite embedded). */
export class DatabaseLeaseStore implements LeaseStore {
  /** On a migrated database: see NetsealDatabase. */
  constructor(private readonly db: Knex) {}

  async claim(
    name: string,
    owner: string,
    until: Date,
    now: Date,
  ): Promise<boolean> {
    checkName(name);
    checkOwner(owner);
    const updated = await whereLeaseClaimable(
      this.db(LEASES).where({ name }),
      COLUMNS,
      owner,
      now,
    ).update({
      // A renewal keeps the time it was taken; a takeover starts a new one.
      acquired_at: this.db.raw(
        'CASE WHEN owner = ? THEN acquired_at ELSE ? END',
        [owner, now],
      ),
      owner,
      held_until: until,
      report: this.db.raw('CASE WHEN owner = ? THEN report ELSE NULL END', [
        owner,
      ]),
    });
    if (Number(updated) > 0) return true;
    // Never held before: the first to insert it holds it.
    await this.db(LEASES)
      .insert({ name, owner, held_until: until, acquired_at: now })
      .onConflict('name')
      .ignore();
    const row = await this.db<LeaseRow>(LEASES)
      .select('owner')
      .where({ name })
      .first();
    return row?.owner === owner;
  }

  async renew(
    names: readonly string[],
    owner: string,
    until: Date,
  ): Promise<string[]> {
    checkOwner(owner);
    names.forEach(checkName);
    const held: string[] = [];
    for (const batch of chunks(names)) {
      await this.db(LEASES)
        .where({ owner })
        .whereIn('name', batch)
        .update({ held_until: until });
      held.push(
        ...(await this.db(LEASES)
          .where({ owner })
          .whereIn('name', batch)
          .pluck('name')),
      );
    }
    return held;
  }

  async report(name: string, owner: string, report: unknown): Promise<void> {
    checkName(name);
    checkOwner(owner);
    await this.db(LEASES)
      .where({ name, owner })
      .update({ report: report === undefined ? null : JSON.stringify(report) });
  }

  async release(names: readonly string[], owner: string): Promise<void> {
    checkOwner(owner);
    for (const batch of chunks(names)) {
      await this.db(LEASES).where({ owner }).whereIn('name', batch).delete();
    }
  }

  async list(): Promise<Lease[]> {
    const rows = await this.db<LeaseRow>(LEASES).select().orderBy('name');
    return rows.map(row => ({
      name: row.name,
      owner: row.owner,
      heldUntil: toDate(row.held_until),
      acquiredAt: toDate(row.acquired_at),
      ...(row.report === null ? {} : { report: JSON.parse(row.report) }),
    }));
  }
}
