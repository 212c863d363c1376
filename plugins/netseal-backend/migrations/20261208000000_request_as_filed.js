// @ts-check

/*
 * What a request's pull request holds, as worked out when it was filed: each change's
 * manifest text before and after, its diff and what the policy allows in words, the
 * access paths it opens and closes per cluster, and the rollout plan. The request's
 * drawer shows it without asking the Git host or analysing anything again. Null for
 * requests filed before it was kept.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('netseal_requests', table => {
    table.text('as_filed').nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('netseal_requests', table => {
    table.dropColumn('as_filed');
  });
};
