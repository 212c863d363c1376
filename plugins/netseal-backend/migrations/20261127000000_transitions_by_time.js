// @ts-check

/*
 * History retention deletes the transitions older than `netseal.history.retentionDays`;
 * this index finds them without reading the whole history.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('netseal_drift_transitions', table => {
    table.index(['occurred_at'], 'netseal_drift_transitions_occurred_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('netseal_drift_transitions', table => {
    table.dropIndex(
      ['occurred_at'],
      'netseal_drift_transitions_occurred_at_idx',
    );
  });
};
