// @ts-check

/*
 * The requester's login on the Git host (from their catalog user's
 * github.com/user-login annotation), when known: the pull request names it, and the
 * requester's own approval on the host is recognised by it and never counted.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('netseal_requests', table => {
    table.string('requester_login', 255).nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('netseal_requests', table => {
    table.dropColumn('requester_login');
  });
};
