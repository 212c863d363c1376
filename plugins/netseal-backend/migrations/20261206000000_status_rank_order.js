// @ts-check

/*
 * Roll-ups rank a known difference (missing, drifted, unsealed) above unknown, so that a
 * cluster that is down never hides a drift someone can act on: the stored rank that the
 * fleet listing sorts by follows that order (driftStatusRank in netseal-common).
 */

const NEW_RANK = {
  missing: 0,
  drifted: 1,
  unsealed: 2,
  unknown: 3,
  pending: 4,
  'in-sync': 5,
};

const OLD_RANK = {
  unknown: 0,
  missing: 1,
  drifted: 2,
  unsealed: 3,
  pending: 4,
  'in-sync': 5,
};

/**
 * @param {import('knex').Knex} knex
 * @param {Record<string, number>} ranks
 */
async function rank(knex, ranks) {
  for (const [status, statusRank] of Object.entries(ranks)) {
    await knex('netseal_policy_drift')
      .where({ status })
      .update({ status_rank: statusRank });
  }
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await rank(knex, NEW_RANK);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await rank(knex, OLD_RANK);
};
