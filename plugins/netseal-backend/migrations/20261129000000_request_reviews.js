// @ts-check

/*
 * A request's reviews as last read from its Git host, with the approvals that counted,
 * the approvals required then, and when they were read. Listing requests shows them
 * without one call to the Git host per request. Null until the change is first read.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('netseal_requests', table => {
    table.text('reviews').nullable();
    table.integer('approvals').nullable();
    table.integer('required_approvals').nullable();
    table.timestamp('reviewed_at', { useTz: true }).nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('netseal_requests', table => {
    table.dropColumn('reviewed_at');
    table.dropColumn('required_approvals');
    table.dropColumn('approvals');
    table.dropColumn('reviews');
  });
};
