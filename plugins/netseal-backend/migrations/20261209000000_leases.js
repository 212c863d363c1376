// @ts-check

/*
 * Named leases shared by the backend's replicas: each configured cluster's watches run
 * on the one replica holding its lease (`cluster:<name>`), each replica announces itself
 * with one (`replica:<id>`) so the others know how many share the clusters, and the
 * statuses of clusters no configuration names are written by one replica
 * (`unconfigured-clusters`). A lease is held until `held_until` unless renewed; once it
 * lapses, any replica may take it. `report` is what the holder last said about the
 * thing it holds (a cluster's connection), so every replica can show it.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('netseal_leases', table => {
    // 'cluster:' + a cluster name of up to 255 characters
    table.string('name', 300).primary().notNullable();
    table.string('owner', 128).notNullable();
    table.timestamp('held_until', { useTz: true }).notNullable();
    table.timestamp('acquired_at', { useTz: true }).notNullable();
    table.text('report').nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('netseal_leases');
};
