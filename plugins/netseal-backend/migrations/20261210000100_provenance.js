// @ts-check

/*
 * Provenance (DESIGN's "Provenance"): for each policy in each cluster, how its current seal
 * got there, written when the rollout or restore that created it completes. One row per
 * live policy; a later rollout or restore of it replaces the row, and a rollout that
 * removes it deletes the row.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('netseal_provenance', table => {
    table.string('cluster', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('name', 512).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.text('seal').notNullable();
    // request or restore
    table.string('kind', 16).notNullable();
    // The request's or restore's id, which is also its attestation's id.
    table.string('rollout_id', 64).notNullable();
    table.text('change_url').nullable();
    table.string('requested_by', 255).notNullable();
    table.text('approvers').notNullable().comment('JSON: string[]');
    table.string('merged_by', 255).nullable();
    table.string('merge_commit', 64).nullable();
    table.string('identity', 255).notNullable();
    table.string('started_by', 255).notNullable();
    table.timestamp('completed_at', { useTz: true }).notNullable();
    table.primary(['cluster', 'namespace', 'name']);
    table.index(['entity_ref'], 'netseal_provenance_entity_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('netseal_provenance');
};
