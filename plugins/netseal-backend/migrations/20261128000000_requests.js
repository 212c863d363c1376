// @ts-check

/*
 * Replacement requests, every transition of their state with who and when, and the
 * policies an open or approved request holds: a policy's row there is the guard that
 * keeps a second request from being filed for it while the first is undecided.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('netseal_requests', table => {
    table.string('id', 36).primary().notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('state', 32).notNullable();
    table.text('reason').notNullable();
    table.string('requester', 255).notNullable();
    table.string('provider_id', 64).nullable();
    table.text('change_ref').nullable();
    table.text('changes').notNullable();
    table.string('error_kind', 32).nullable();
    table.text('error_message').nullable();
    table.string('idempotency_key', 255).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['entity_ref', 'created_at'], 'netseal_requests_by_entity');
    table.index(['state'], 'netseal_requests_by_state');
    table.unique(['requester', 'idempotency_key'], {
      indexName: 'netseal_requests_idempotency',
    });
  });
  await knex.schema.createTable('netseal_request_transitions', table => {
    table.bigIncrements('id').primary();
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('netseal_requests')
      .onDelete('CASCADE');
    table.string('from_state', 32).nullable();
    table.string('to_state', 32).notNullable();
    table.string('actor', 255).notNullable();
    table.text('reason').nullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.index(['request_id', 'id'], 'netseal_request_transitions_by_request');
  });
  await knex.schema.createTable('netseal_request_policies', table => {
    table.string('cluster', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('name', 512).notNullable();
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('netseal_requests')
      .onDelete('CASCADE');
    table.primary(['cluster', 'namespace', 'name']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('netseal_request_policies');
  await knex.schema.dropTable('netseal_request_transitions');
  await knex.schema.dropTable('netseal_requests');
};
