// @ts-check

/*
 * Signed attestations (DESIGN's "Provenance"): one DSSE envelope per completed rollout or
 * restore, keyed by the rollout's id (a request's id or a restore's id), so the rollout's
 * drawer finds it and GET /attestations/{id} serves it. The entity is kept for the read
 * permission; the key id says which key signed, so a rotated key's envelopes stay
 * checkable with the public half that signed them.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('netseal_attestations', table => {
    table.string('id', 64).primary().notNullable();
    table.string('kind', 16).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('key_id', 100).notNullable();
    // The envelope as signed, JSON text: its payload is the statement's exact bytes.
    table.text('envelope').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('netseal_attestations');
};
