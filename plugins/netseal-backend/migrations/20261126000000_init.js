// @ts-check

/*
 * Drift status: the current verdict per (entity, cluster, namespace, policy), its history
 * of changes, and one row per entity that serialises concurrent writers of that entity
 * (several backend replicas may check the same entity at once).
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('netseal_policy_drift', table => {
    table.comment(
      'The current drift status of each policy, per catalog entity',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('cluster', 255).notNullable();
    table.string('namespace', 255).notNullable();
    // A Kubernetes name, or `<file>:<line>` for a manifest whose name could not be read.
    table.string('name', 512).notNullable();
    table.string('status', 16).notNullable();
    // 0 (unknown) to 5 (in-sync): ordering and filtering worst first without a CASE.
    table.smallint('status_rank').notNullable();
    table.text('reason').nullable();
    // As recorded in Git; a stale one can be any text.
    table.text('seal').nullable();
    table.string('live_digest', 80).nullable();
    table.text('source_file').nullable();
    table.integer('source_line').nullable();
    table.text('differences').notNullable().comment('JSON: FieldDifference[]');
    table.text('problems').nullable().comment('JSON: ValidationProblem[]');
    table.text('sealed_manifest').nullable().comment('JSON');
    table.text('live_manifest').nullable().comment('JSON');
    table.timestamp('checked_at', { useTz: true }).notNullable();
    table.timestamp('status_changed_at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'cluster', 'namespace', 'name']);
    table.index(['status_rank', 'cluster'], 'netseal_policy_drift_status_idx');
    table.index(['cluster', 'status_rank'], 'netseal_policy_drift_cluster_idx');
    table.index(['name'], 'netseal_policy_drift_name_idx');
    table.index(['checked_at'], 'netseal_policy_drift_checked_at_idx');
  });

  await knex.schema.createTable('netseal_drift_transitions', table => {
    table.comment(
      'Each change of a policy drift status; none for a check that finds the same status',
    );
    table.increments('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('cluster', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('name', 512).notNullable();
    // Null: seen for the first time.
    table.string('from_status', 16).nullable();
    // Null: no longer tracked (gone from the policy source and the cluster).
    table.string('to_status', 16).nullable();
    table.text('seal').nullable();
    table.string('live_digest', 80).nullable();
    table.text('reason').nullable();
    table.timestamp('occurred_at', { useTz: true }).notNullable();
    table.index(
      ['entity_ref', 'cluster', 'namespace', 'name', 'id'],
      'netseal_drift_transitions_policy_idx',
    );
    table.index(['cluster', 'id'], 'netseal_drift_transitions_cluster_idx');
  });

  await knex.schema.createTable('netseal_drift_entities', table => {
    table.comment('One row per entity, locked by each write of its statuses');
    table.string('entity_ref', 255).primary();
    table.timestamp('written_at', { useTz: true }).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('netseal_drift_entities');
  await knex.schema.dropTable('netseal_drift_transitions');
  await knex.schema.dropTable('netseal_policy_drift');
};
