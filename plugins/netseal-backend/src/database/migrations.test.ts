import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import {
  MIGRATIONS_TABLE,
  migrationsDirectory,
} from './applyDatabaseMigrations';

jest.setTimeout(60_000);

const config = { directory: migrationsDirectory, tableName: MIGRATIONS_TABLE };
const TABLES = [
  'netseal_policy_drift',
  'netseal_drift_transitions',
  'netseal_drift_entities',
];

/** Names of the table's indexes, on PostgreSQL or SQLite. */
async function indexNames(knex: Knex, table: string): Promise<string[]> {
  if (knex.client.config.client === 'pg') {
    return knex('pg_indexes').where('tablename', table).pluck('indexname');
  }
  const rows: { name: string }[] = await knex.raw(
    `PRAGMA index_list('${table}')`,
  );
  return rows.map(row => row.name);
}

describe('migrations', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    '20261126000000_init.js creates the drift tables, and down removes them, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);

      await knex.migrate.up(config);
      const row = {
        entity_ref: 'component:default/payments',
        cluster: 'prod-eu',
        namespace: 'payments',
        name: 'allow-checkout',
        status: 'drifted',
        status_rank: 2,
        differences: '[{"path":"metadata.labels[\\"team\\"]","live":"x"}]',
        checked_at: new Date('2026-11-26T09:00:00Z'),
        status_changed_at: new Date('2026-11-26T09:00:00Z'),
      };
      await knex('netseal_policy_drift').insert(row);
      await expect(knex('netseal_policy_drift').insert(row)).rejects.toThrow();
      await knex('netseal_drift_transitions').insert({
        entity_ref: row.entity_ref,
        cluster: row.cluster,
        namespace: row.namespace,
        name: row.name,
        to_status: 'drifted',
        occurred_at: new Date('2026-11-26T09:00:00Z'),
      });
      expect(await knex('netseal_policy_drift')).toEqual([
        expect.objectContaining({
          name: 'allow-checkout',
          status: 'drifted',
          differences: row.differences,
          reason: null,
          sealed_manifest: null,
        }),
      ]);
      expect(await knex('netseal_drift_transitions')).toEqual([
        expect.objectContaining({
          id: 1,
          from_status: null,
          to_status: 'drifted',
        }),
      ]);

      await knex.migrate.down(config);
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }

      await knex.migrate.latest(config);
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
      expect(await knex(MIGRATIONS_TABLE).pluck('name')).toEqual([
        '20261126000000_init.js',
        '20261127000000_transitions_by_time.js',
        '20261127000100_policy_source_errors.js',
        '20261128000000_requests.js',
        '20261129000000_request_reviews.js',
        '20261130000000_requester_login.js',
        '20261201000000_rollouts.js',
        '20261206000000_status_rank_order.js',
        '20261207000000_restores.js',
        '20261207000200_idempotency_fingerprint.js',
        '20261208000000_request_as_filed.js',
        '20261208120000_attestations.js',
        '20261209000000_leases.js',
        '20261210000000_drift_attribution.js',
        '20261210000100_provenance.js',
        '20261210000200_guard_status_history.js',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    '20261206000000_status_rank_order.js ranks a known difference above unknown, and down restores the old ranks, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({ ...config, name: '20261126000000_init.js' });
      const at = new Date('2026-12-06T09:00:00Z');
      const oldRanks = { unknown: 0, missing: 1, drifted: 2, unsealed: 3 };
      await knex('netseal_policy_drift').insert(
        Object.entries(oldRanks).map(([status, rank]) => ({
          entity_ref: 'component:default/payments',
          cluster: 'prod-eu',
          namespace: 'payments',
          name: status,
          status,
          status_rank: rank,
          differences: '[]',
          checked_at: at,
          status_changed_at: at,
        })),
      );
      const worstFirst = () =>
        knex('netseal_policy_drift').orderBy('status_rank').pluck('status');

      await knex.migrate.latest(config);
      expect(await worstFirst()).toEqual([
        'missing',
        'drifted',
        'unsealed',
        'unknown',
      ]);

      await knex.migrate.down({
        ...config,
        name: '20261206000000_status_rank_order.js',
      });
      expect(await worstFirst()).toEqual([
        'unknown',
        'missing',
        'drifted',
        'unsealed',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    '20261127000000_transitions_by_time.js indexes transitions by time, and down removes the index, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const index = 'netseal_drift_transitions_occurred_at_idx';

      await knex.migrate.latest(config);
      expect(await indexNames(knex, 'netseal_drift_transitions')).toContain(
        index,
      );

      await knex.migrate.down({
        ...config,
        name: '20261127000000_transitions_by_time.js',
      });
      expect(await indexNames(knex, 'netseal_drift_transitions')).not.toContain(
        index,
      );
      expect(await knex.schema.hasTable('netseal_drift_transitions')).toBe(
        true,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    '20261127000100_policy_source_errors.js adds the source error of an entity, and down removes it, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);

      await knex.migrate.latest(config);
      await knex('netseal_drift_entities').insert({
        entity_ref: 'component:default/payments',
        written_at: new Date('2026-11-27T09:00:00Z'),
        source_error: 'not found',
        source_error_at: new Date('2026-11-27T09:00:00Z'),
      });

      await knex.migrate.down({
        ...config,
        name: '20261127000100_policy_source_errors.js',
      });
      expect(
        await knex.schema.hasColumn('netseal_drift_entities', 'source_error'),
      ).toBe(false);
      expect(await knex('netseal_drift_entities')).toEqual([
        expect.objectContaining({ entity_ref: 'component:default/payments' }),
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    '20261128000000_requests.js creates the request tables, whose held-policy key refuses a second request for a policy, and down removes them, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const at = new Date('2026-11-28T09:00:00Z');
      const requestRow = (id: string) => ({
        id,
        entity_ref: 'component:default/payments',
        state: 'open',
        reason: 'checkout moved',
        requester: 'user:default/jane',
        changes: '[]',
        created_at: at,
        updated_at: at,
      });
      const held = (requestId: string) => ({
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
        request_id: requestId,
      });

      await knex.migrate.latest(config);
      await knex('netseal_requests').insert([requestRow('a'), requestRow('b')]);
      await knex('netseal_request_policies').insert(held('a'));
      await expect(
        knex('netseal_request_policies').insert(held('b')),
      ).rejects.toThrow();
      await knex('netseal_request_transitions').insert({
        request_id: 'a',
        to_state: 'open',
        actor: 'user:default/jane',
        at,
      });

      // The rollout tables refer to requests, so they go first.
      await knex.migrate.down({
        ...config,
        name: '20261201000000_rollouts.js',
      });
      await knex.migrate.down({
        ...config,
        name: '20261128000000_requests.js',
      });
      for (const table of [
        'netseal_requests',
        'netseal_request_transitions',
        'netseal_request_policies',
      ]) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
    },
  );

  it.each(databases.eachSupportedId())(
    '20261129000000_request_reviews.js adds the reviews last read of a request, and down removes them keeping the request, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const at = new Date('2026-11-29T09:00:00Z');

      await knex.migrate.latest(config);
      await knex('netseal_requests').insert({
        id: 'a',
        entity_ref: 'component:default/payments',
        state: 'open',
        reason: 'checkout moved',
        requester: 'user:default/jane',
        changes: '[]',
        created_at: at,
        updated_at: at,
        reviews: '[{"reviewer":"ana","decision":"approved","at":"x"}]',
        approvals: 1,
        required_approvals: 1,
        reviewed_at: at,
      });
      expect(await knex('netseal_requests')).toEqual([
        expect.objectContaining({ approvals: 1, required_approvals: 1 }),
      ]);

      await knex.migrate.down({
        ...config,
        name: '20261129000000_request_reviews.js',
      });
      for (const column of [
        'reviews',
        'approvals',
        'required_approvals',
        'reviewed_at',
      ]) {
        expect(await knex.schema.hasColumn('netseal_requests', column)).toBe(
          false,
        );
      }
      expect(await knex('netseal_requests')).toEqual([
        expect.objectContaining({ id: 'a', state: 'open' }),
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    "20261130000000_requester_login.js adds the requester's Git host login, and down removes it keeping the request, on %p",
    async databaseId => {
      const knex = await databases.init(databaseId);
      const at = new Date('2026-11-30T09:00:00Z');

      await knex.migrate.latest(config);
      await knex('netseal_requests').insert({
        id: 'a',
        entity_ref: 'component:default/payments',
        state: 'open',
        reason: 'checkout moved',
        requester: 'user:default/jane',
        requester_login: 'jane-gh',
        changes: '[]',
        created_at: at,
        updated_at: at,
      });
      expect(await knex('netseal_requests')).toEqual([
        expect.objectContaining({ requester_login: 'jane-gh' }),
      ]);

      await knex.migrate.down({
        ...config,
        name: '20261130000000_requester_login.js',
      });
      expect(
        await knex.schema.hasColumn('netseal_requests', 'requester_login'),
      ).toBe(false);
      expect(await knex('netseal_requests')).toEqual([
        expect.objectContaining({ id: 'a', requester: 'user:default/jane' }),
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    '20261208000000_request_as_filed.js keeps what the pull request held, null for requests filed before, and down removes it keeping the request, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const at = new Date('2026-12-07T09:00:00Z');
      const request = {
        entity_ref: 'component:default/payments',
        state: 'open',
        reason: 'checkout moved',
        requester: 'user:default/jane',
        changes: '[]',
        created_at: at,
        updated_at: at,
      };

      const migration = {
        ...config,
        name: '20261208000000_request_as_filed.js',
      };

      await knex.migrate.latest(config);
      await knex.migrate.down(migration);
      await knex('netseal_requests').insert({ id: 'before', ...request });
      await knex.migrate.up(migration);
      await knex('netseal_requests').insert({
        id: 'after',
        ...request,
        as_filed: '{"changes":[]}',
      });
      expect(
        await knex('netseal_requests').select('id', 'as_filed').orderBy('id'),
      ).toEqual([
        { id: 'after', as_filed: '{"changes":[]}' },
        { id: 'before', as_filed: null },
      ]);

      await knex.migrate.down(migration);
      expect(await knex.schema.hasColumn('netseal_requests', 'as_filed')).toBe(
        false,
      );
      expect(await knex('netseal_requests').pluck('id')).toHaveLength(2);
    },
  );

  it.each(databases.eachSupportedId())(
    '20261201000000_rollouts.js keeps a rollout with its clusters, steps and locks, removed with its request, and down drops them, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const at = new Date('2026-12-01T09:00:00Z');
      const rolloutTables = [
        'netseal_rollouts',
        'netseal_rollout_clusters',
        'netseal_rollout_steps',
        'netseal_rollout_locks',
      ];

      await knex.migrate.latest(config);
      // As this migration made them: the restores' migration drops the request key.
      await knex.migrate.down({
        ...config,
        name: '20261207000000_restores.js',
      });
      await knex('netseal_requests').insert({
        id: 'a',
        entity_ref: 'component:default/payments',
        state: 'rolling-out',
        reason: 'checkout moved',
        requester: 'user:default/jane',
        changes: '[]',
        created_at: at,
        updated_at: at,
      });
      await knex('netseal_rollouts').insert({
        request_id: 'a',
        status: 'running',
        started_by: 'user:default/riley',
        started_at: at,
        approved_by: '["riley"]',
        changes: '[]',
      });
      await knex('netseal_rollout_clusters').insert({
        request_id: 'a',
        cluster: 'prod-eu',
        identity: 'netseal-rollout',
        status: 'running',
        phase: 'rollout',
        next_step: 0,
      });
      await knex('netseal_rollout_steps').insert({
        request_id: 'a',
        cluster: 'prod-eu',
        phase: 'rollout',
        step: 0,
        description: 'create guard',
        status: 'pending',
      });
      await knex('netseal_rollout_locks').insert({
        cluster: 'prod-eu',
        namespace: 'payments',
        name: 'allow-checkout',
        request_id: 'a',
        acquired_at: at,
      });
      await expect(
        knex('netseal_rollout_locks').insert({
          cluster: 'prod-eu',
          namespace: 'payments',
          name: 'allow-checkout',
          request_id: 'a',
          acquired_at: at,
        }),
      ).rejects.toThrow();

      if (knex.client.config.client !== 'pg') {
        await knex.raw('PRAGMA foreign_keys = ON');
      }
      await knex('netseal_requests').where({ id: 'a' }).delete();
      for (const table of rolloutTables) {
        expect(await knex(table)).toEqual([]);
      }

      await knex.migrate.down({
        ...config,
        name: '20261201000000_rollouts.js',
      });
      for (const table of rolloutTables) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
      expect(await knex.schema.hasTable('netseal_requests')).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    '20261209000000_leases.js keeps one row per lease name, and down drops the table, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const at = new Date('2026-12-06T09:00:00Z');
      const lease = {
        name: 'cluster:prod-eu',
        owner: 'replica-1',
        held_until: at,
        acquired_at: at,
      };

      await knex.migrate.latest(config);
      await knex('netseal_leases').insert(lease);
      await expect(
        knex('netseal_leases').insert({ ...lease, owner: 'replica-2' }),
      ).rejects.toThrow();
      expect(await knex('netseal_leases')).toEqual([
        expect.objectContaining({ name: 'cluster:prod-eu', report: null }),
      ]);

      await knex.migrate.down({ ...config, name: '20261209000000_leases.js' });
      expect(await knex.schema.hasTable('netseal_leases')).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    '20261207000000_restores.js keeps restores, whose rollouts have no request, and down removes them keeping the rollouts of requests, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const at = new Date('2026-12-07T09:00:00Z');
      if (knex.client.config.client !== 'pg') {
        await knex.raw('PRAGMA foreign_keys = ON');
      }

      await knex.migrate.latest(config);
      await knex('netseal_requests').insert({
        id: 'a',
        entity_ref: 'component:default/payments',
        state: 'rolling-out',
        reason: 'checkout moved',
        requester: 'user:default/jane',
        changes: '[]',
        created_at: at,
        updated_at: at,
      });
      const rollout = (requestId: string) => ({
        request_id: requestId,
        status: 'running',
        started_by: 'user:default/riley',
        started_at: at,
        approved_by: '[]',
        changes: '[]',
      });
      await knex('netseal_rollouts').insert(rollout('a'));
      await knex('netseal_restores').insert({
        id: 'b',
        entity_ref: 'component:default/payments',
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
        drift_status: 'drifted',
        seal: 'sha256:1',
        live_digest: 'sha256:2',
        requested_by: 'user:default/riley',
        self_heal: false,
        created_at: at,
      });
      await knex('netseal_rollouts').insert({
        ...rollout('b'),
        kind: 'restore',
      });
      await knex('netseal_rollout_locks').insert({
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
        request_id: 'b',
        acquired_at: at,
      });
      expect(
        await knex('netseal_rollouts').orderBy('request_id').pluck('kind'),
      ).toEqual(['request', 'restore']);
      expect(await knex('netseal_restores')).toEqual([
        expect.objectContaining({ id: 'b', drift_status: 'drifted' }),
      ]);

      await knex.migrate.down({
        ...config,
        name: '20261207000000_restores.js',
      });
      expect(await knex.schema.hasTable('netseal_restores')).toBe(false);
      expect(await knex('netseal_rollouts').pluck('request_id')).toEqual(['a']);
      expect(await knex('netseal_rollout_locks')).toEqual([]);
      // The request's key is back: a rollout of no request is refused again.
      await expect(
        knex('netseal_rollouts').insert(rollout('no-such-request')),
      ).rejects.toThrow();
    },
  );
});
