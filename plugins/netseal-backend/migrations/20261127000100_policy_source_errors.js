// @ts-check

/*
 * Why an entity's policy source could not be read at its last attempt, and when. Null
 * once it was read again. The entity's statuses stay as its last good read left them.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('netseal_drift_entities', table => {
    table.text('source_error').nullable();
    table.timestamp('source_error_at', { useTz: true }).nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('netseal_drift_entities', table => {
    table.dropColumn('source_error_at');
    table.dropColumn('source_error');
  });
};
