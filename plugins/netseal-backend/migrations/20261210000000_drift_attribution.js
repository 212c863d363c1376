// @ts-check

/*
 * Attribution of drift (DESIGN's "Attribution"): what the live object's managedFields say
 * about who or what changed a policy, kept with each verdict (the portal's drawer and
 * fleet page) and with the transition that took it out of sync (history, notifications,
 * the compliance report). All nullable: verdicts that are in sync, and everything stored
 * before this migration, carry none.
 */

const COLUMNS = [
  'attributed_writer',
  'attributed_manager',
  'attributed_operation',
  'attributed_at',
  'attributed_generation',
  'attribution_reason',
];

/**
 * @param {import('knex').Knex.AlterTableBuilder} table
 */
function addColumns(table) {
  // manual, controller or unknown
  table.string('attributed_writer', 16).nullable();
  // A field manager's name: Kubernetes allows up to 128 characters.
  table.string('attributed_manager', 255).nullable();
  // Update or Apply
  table.string('attributed_operation', 16).nullable();
  table.timestamp('attributed_at', { useTz: true }).nullable();
  table.bigInteger('attributed_generation').nullable();
  table.text('attribution_reason').nullable();
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('netseal_policy_drift', addColumns);
  await knex.schema.alterTable('netseal_drift_transitions', addColumns);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const table of ['netseal_drift_transitions', 'netseal_policy_drift']) {
    await knex.schema.alterTable(table, builder => {
      builder.dropColumns(...COLUMNS);
    });
  }
};
