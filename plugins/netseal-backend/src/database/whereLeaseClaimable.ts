import type { Knex } from 'knex';

/**
 * The one rule of every lease Netseal keeps, rollouts' and clusters' alike: `owner` may
 * take a row's lease when nobody holds it, when it holds it already, or when it lapsed
 * before `now`. Used inside a conditional UPDATE, so two replicas racing for one lease
 * cannot both win.
 */
export function whereLeaseClaimable(
  query: Knex.QueryBuilder,
  columns: { owner: string; heldUntil: string },
  owner: string,
  now: Date,
): Knex.QueryBuilder {
  return query.andWhere(claimable =>
    claimable
      .whereNull(columns.owner)
      .orWhere(columns.owner, owner)
      .orWhere(columns.heldUntil, '<', now),
  );
}
