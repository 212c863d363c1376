// @ts-check

/*
 * The guard's status history, for the compliance report's "share of the window the guard
 * was protecting" each cluster: a row each time a cluster's guard status is seen to
 * change (protected, unprotected, outdated, unknown), never for a check that finds the
 * same status.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('netseal_guard_status_history', table => {
    table.increments('id').primary();
    table.string('cluster', 255).notNullable();
    table.string('status', 16).notNullable();
    table.text('reason').nullable();
    table.timestamp('observed_at', { useTz: true }).notNullable();
    table.index(['cluster', 'observed_at'], 'netseal_guard_status_history_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('netseal_guard_status_history');
};
