// @ts-check

/*
 * The fingerprint of the body a request was filed with under an Idempotency-Key
 * (`sha256:` and the hex digest of its canonical JSON), so that a key reused with another
 * body is refused (422) instead of answering the first request and dropping the second.
 * Requests filed before it have none, and a retry of them is answered as before.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('netseal_requests', table => {
    table.string('idempotency_fingerprint', 71).nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('netseal_requests', table => {
    table.dropColumn('idempotency_fingerprint');
  });
};
