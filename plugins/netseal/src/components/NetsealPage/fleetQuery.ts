import type {
  DriftStatus,
  FleetPoliciesQuery,
} from '@netseal/backstage-plugin-netseal-common';

/** What the fleet table is filtered by; empty strings mean no filter. */
export interface FleetFilters {
  cluster: string;
  namespace: string;
  statuses: DriftStatus[];
  search: string;
}

/** What a platform team looks for first: every policy that is not in sync or on its way there. */
export const DEFAULT_FLEET_FILTERS: FleetFilters = {
  cluster: '',
  namespace: '',
  statuses: ['drifted', 'missing', 'unsealed', 'unknown'],
  search: '',
};

/** The API query for one page of the fleet table. */
export function fleetQuery(
  filters: FleetFilters,
  page: { page: number; pageSize: number },
): FleetPoliciesQuery {
  return {
    ...(filters.cluster ? { cluster: filters.cluster } : {}),
    ...(filters.namespace.trim()
      ? { namespace: filters.namespace.trim() }
      : {}),
    ...(filters.statuses.length > 0 ? { status: filters.statuses } : {}),
    ...(filters.search.trim() ? { search: filters.search.trim() } : {}),
    limit: page.pageSize,
    offset: page.page * page.pageSize,
  };
}
