// @ts-check

/*
 * Restores (DESIGN's "Restore"): a drifted or missing policy put back to its sealed
 * version by the rollout's own fail-closed delete-and-recreate, with no request behind it.
 * One row per restore in netseal_restores says what was restored, why and by whom; its
 * execution is a rollout like any other (netseal_rollouts with kind 'restore', keyed by
 * the restore's id), so it is persisted, resumed and locked exactly as a request's
 * rollout is, and a restore and a rollout never hold the same policy at once.
 *
 * netseal_rollouts.request_id therefore holds a request's id or a restore's id, and loses
 * its foreign key to netseal_requests. Requests are never deleted, so nothing relied on
 * that key's cascade.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('netseal_restores', table => {
    table.string('id', 36).primary().notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('cluster', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('name', 512).notNullable();
    // The drift status that was undone: drifted or missing.
    table.string('drift_status', 16).notNullable();
    // The seal restored, and the digest of the live object it replaced (none if missing).
    table.string('seal', 100).notNullable();
    table.string('live_digest', 100).nullable();
    // A user's entity ref, or `system` for a self-heal.
    table.string('requested_by', 255).notNullable();
    table.boolean('self_heal').notNullable().defaultTo(false);
    table.timestamp('created_at', { useTz: true }).notNullable();
    // The policy's restores newest first, for the portal and self-heal's back-off.
    table.index(
      ['cluster', 'namespace', 'name', 'created_at'],
      'netseal_restores_by_policy',
    );
    // Self-heal's rate limit per cluster.
    table.index(
      ['cluster', 'self_heal', 'created_at'],
      'netseal_restores_by_cluster',
    );
  });
  await knex.schema.alterTable('netseal_rollouts', table => {
    table.dropForeign(['request_id']);
    table.string('kind', 16).notNullable().defaultTo('request');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  const restores = knex('netseal_rollouts')
    .where({ kind: 'restore' })
    .select('request_id');
  await knex('netseal_rollout_locks').whereIn('request_id', restores).delete();
  await knex('netseal_rollout_steps').whereIn('request_id', restores).delete();
  await knex('netseal_rollout_clusters')
    .whereIn('request_id', restores)
    .delete();
  await knex('netseal_rollouts').where({ kind: 'restore' }).delete();
  await knex.schema.alterTable('netseal_rollouts', table => {
    table.dropColumn('kind');
    table
      .foreign('request_id')
      .references('id')
      .inTable('netseal_requests')
      .onDelete('CASCADE');
  });
  await knex.schema.dropTable('netseal_restores');
};
