// @ts-check

/*
 * Rollouts of merged requests (DESIGN rule 3: persisted, resumable): one row per request
 * with the approval it was verified against and the plan's input; one per cluster with
 * its checkpoint (phase, next step, outcome); one per step with its status and times, so
 * the portal shows the rollout live and a restarted backend resumes where it stopped.
 * The lease lets one replica at a time run a rollout; the locks keep two rollouts off
 * the same policy.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('netseal_rollouts', table => {
    table
      .string('request_id', 36)
      .primary()
      .notNullable()
      .references('id')
      .inTable('netseal_requests')
      .onDelete('CASCADE');
    table.string('status', 32).notNullable();
    table.text('waiting_for').nullable();
    table.string('started_by', 255).notNullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('ended_at', { useTz: true }).nullable();
    table.string('merge_commit_sha', 64).nullable();
    table.string('merged_by', 255).nullable();
    table.text('approved_by').notNullable();
    // The plan's input (the changes with their old and new policies), fixed at the start
    // so that a resumed run plans exactly the same steps.
    table.text('changes').notNullable();
    table.string('lease_owner', 64).nullable();
    table.timestamp('lease_until', { useTz: true }).nullable();
    table.index(['status'], 'netseal_rollouts_by_status');
  });
  await knex.schema.createTable('netseal_rollout_clusters', table => {
    table
      .string('request_id', 36)
      .notNullable()
      .references('request_id')
      .inTable('netseal_rollouts')
      .onDelete('CASCADE');
    table.string('cluster', 255).notNullable();
    table.string('identity', 255).notNullable();
    table.string('status', 32).notNullable();
    table.string('phase', 16).notNullable();
    table.integer('next_step').notNullable();
    table.text('reason').nullable();
    table.text('not_created').nullable();
    table.text('outcome').nullable();
    table.primary(['request_id', 'cluster']);
  });
  await knex.schema.createTable('netseal_rollout_steps', table => {
    table.string('request_id', 36).notNullable();
    table.string('cluster', 255).notNullable();
    table.string('phase', 16).notNullable();
    table.integer('step').notNullable();
    table.text('description').notNullable();
    table.string('status', 16).notNullable();
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.text('error').nullable();
    table.primary(['request_id', 'cluster', 'phase', 'step']);
    table
      .foreign(['request_id', 'cluster'])
      .references(['request_id', 'cluster'])
      .inTable('netseal_rollout_clusters')
      .onDelete('CASCADE');
  });
  await knex.schema.createTable('netseal_rollout_locks', table => {
    table.string('cluster', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('name', 512).notNullable();
    table
      .string('request_id', 36)
      .notNullable()
      .references('request_id')
      .inTable('netseal_rollouts')
      .onDelete('CASCADE');
    table.timestamp('acquired_at', { useTz: true }).notNullable();
    table.primary(['cluster', 'namespace', 'name']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('netseal_rollout_locks');
  await knex.schema.dropTable('netseal_rollout_steps');
  await knex.schema.dropTable('netseal_rollout_clusters');
  await knex.schema.dropTable('netseal_rollouts');
};
