import { ResponseError } from '@backstage/errors';
import type { ClusterReachability } from '../picture/ServiceReachability';
import type { components, operations } from './openapi.generated';

/** @public */
export type EntityPolicies = components['schemas']['EntityPolicies'];
/** @public */
export type PolicyStatus = components['schemas']['PolicyStatus'];
/** @public */
export type PolicyDetail = components['schemas']['PolicyDetail'];
/** @public */
export type StatusTransition = components['schemas']['StatusTransition'];
/** @public */
export type FleetPolicy = components['schemas']['FleetPolicy'];
/** @public */
export type FleetSummary = components['schemas']['FleetSummary'];
/** @public */
export type ClusterStatus = components['schemas']['Cluster'];
/** @public */
export type FleetPoliciesQuery = NonNullable<
  operations['GetFleetPolicies']['parameters']['query']
>;
/** @public */
export type HistoryQuery = NonNullable<
  operations['GetEntityHistory']['parameters']['query']
>;

/** A replacement request as listed: its state, requester, changes and change URL. @public */
export type ReplacementRequest = components['schemas']['ReplacementRequest'];
/** A replacement request with its reviews and state transitions. @public */
export type ReplacementRequestDetail =
  components['schemas']['ReplacementRequestDetail'];
/** @public */
export type RequestsQuery = NonNullable<
  operations['ListRequests']['parameters']['query']
>;

/** An entity as the API names it: kind, namespace and name. @public */
export interface EntityName {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * A typed client of Netseal's HTTP API, for the portal and for other plugins. Its types
 * are generated from the OpenAPI spec (`yarn openapi:generate`); errors are Backstage's
 * `ResponseError` with the server's message.
 *
 * @public
 */
export class NetsealApiClient {
  constructor(
    private readonly options: {
      discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
      fetchApi?: { fetch: typeof fetch };
    },
  ) {}

  getEntityPolicies(entity: EntityName): Promise<EntityPolicies> {
    return this.get(`${entityPath(entity)}/policies`);
  }

  getEntityPolicy(
    entity: EntityName,
    policy: { cluster: string; namespace: string; name: string },
  ): Promise<PolicyDetail> {
    return this.get(
      `${entityPath(entity)}/policies/${[
        policy.cluster,
        policy.namespace,
        policy.name,
      ]
        .map(encodeURIComponent)
        .join('/')}`,
    );
  }

  getEntityHistory(
    entity: EntityName,
    query: HistoryQuery = {},
  ): Promise<{ items: StatusTransition[] }> {
    return this.get(`${entityPath(entity)}/history`, query);
  }

  getFleetPolicies(
    query: FleetPoliciesQuery = {},
  ): Promise<{ items: FleetPolicy[]; totalCount: number }> {
    return this.get('/fleet/policies', query);
  }

  /** Who may reach the entity's pods and whom they may reach, per cluster, from its sealed policies. */
  async getEntityReachability(
    entity: EntityName,
  ): Promise<{ items: ClusterReachability[] }> {
    const answer = await this.get<{
      items: components['schemas']['ClusterReachability'][];
    }>(`${entityPath(entity)}/reachability`);
    // The contract is written by hand (ServiceReachability.ts); tsc checks here that the
    // OpenAPI schema gives no less, and the backend's typed router that it asks no more.
    const items: ClusterReachability[] = answer.items;
    return { items };
  }

  /** One page of replacement requests, newest first, only those the caller may read. */
  listRequests(
    query: RequestsQuery = {},
  ): Promise<{ items: ReplacementRequest[]; totalCount: number }> {
    return this.get('/requests', query);
  }

  /** One replacement request with its reviews and transitions. */
  getRequest(id: string): Promise<ReplacementRequestDetail> {
    return this.get(`/requests/${encodeURIComponent(id)}`);
  }

  getFleetSummary(): Promise<FleetSummary> {
    return this.get('/fleet/summary');
  }

  getClusters(): Promise<{ items: ClusterStatus[] }> {
    return this.get('/clusters');
  }

  private async get<T>(
    path: string,
    query: Record<string, string | number | string[] | undefined> = {},
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('netseal');
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item !== undefined) {
          search.append(key, String(item));
        }
      }
    }
    const url = `${baseUrl}${path}${search.size > 0 ? `?${search}` : ''}`;
    const fetchFn = this.options.fetchApi?.fetch ?? fetch;
    const response = await fetchFn(url);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function entityPath(entity: EntityName): string {
  return `/entities/${[entity.kind, entity.namespace, entity.name]
    .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
    .join('/')}`;
}
