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
/**
 * A cluster's admission guard: whether it is installed, bound, up to date and enforcing,
 * rolled up into `status`, with the reason and the fix when it is not protecting.
 * @public
 */
export type ClusterGuard = components['schemas']['ClusterGuard'];

/** A drifted or missing policy put back to its seal, with its steps. @public */
export type Restore = components['schemas']['Restore'];
/** The compliance report of a window. @public */
export type ComplianceReport = components['schemas']['ComplianceReport'];
/** The window (and cluster) of a compliance report: ISO 8601 `from` and `to`. @public */
export interface ComplianceReportQuery {
  from: string;
  to: string;
  cluster?: string;
}
/** A completed rollout's or restore's signed attestation. @public */
export type Attestation = components['schemas']['Attestation'];
/** A policy's provenance, or why it has none. @public */
export type PolicyProvenanceView =
  components['schemas']['PolicyProvenanceView'];
/** @public */
export type ClusterGuardStatus = ClusterGuard['status'];
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
/**
 * A replacement request with its reviews and state transitions, what its pull request
 * holds (`asFiled`) and its policies' drift status now. @public
 */
export type ReplacementRequestDetail =
  components['schemas']['ReplacementRequestDetail'];
/** What a request's pull request holds, kept when it was filed. @public */
export type RequestAsFiled = components['schemas']['RequestAsFiled'];
/** The drift status now of one policy a request changes. @public */
export type ChangedPolicyStatus = components['schemas']['ChangedPolicyStatus'];
/** One review of a request, as last read from its Git host. @public */
export type RequestReview = components['schemas']['RequestReview'];
/** What filing changes would do: each change resealed and diffed, and the access paths it opens and closes. @public */
export type RequestPreview = components['schemas']['RequestPreview'];
/** One change of a preview. @public */
export type PreviewChange = components['schemas']['PreviewChange'];
/** The access changes of a request in one cluster. @public */
export type ClusterAccessChanges =
  components['schemas']['ClusterAccessChanges'];
/** The facts scorecards grade for one entity (`GET /fleet/scorecards`). @public */
export type EntityScorecard = components['schemas']['EntityScorecard'];
/** What `POST /requests` takes. @public */
export type NewReplacementRequest = NonNullable<
  operations['CreateRequest']['requestBody']
>['content']['application/json'];
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

  /** A sealed policy's document as its policy source holds it now, comments kept. */
  getEntityPolicySource(
    entity: EntityName,
    policy: { cluster: string; namespace: string; name: string },
  ): Promise<{ file: string; text: string }> {
    return this.get(
      `${entityPath(entity)}/policies/${[
        policy.cluster,
        policy.namespace,
        policy.name,
      ]
        .map(encodeURIComponent)
        .join('/')}/source`,
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

  /**
   * Who may reach the entity's pods and whom they may reach, per cluster: from the live
   * policies where the cluster is connected (`live`, the default), or from the sealed ones.
   */
  async getEntityReachability(
    entity: EntityName,
    query: { mode?: 'live' | 'sealed' } = {},
  ): Promise<{ items: ClusterReachability[] }> {
    const answer = await this.get<{
      items: components['schemas']['ClusterReachability'][];
    }>(`${entityPath(entity)}/reachability`, query);
    // The contract is written by hand (ServiceReachability.ts); tsc checks here that the
    // OpenAPI schema gives no less, and the backend's typed router that it asks no more.
    const items: ClusterReachability[] = answer.items;
    return { items };
  }

  /**
   * Restores a drifted or missing policy to its seal (needs `netseal.policy.restore`);
   * answers at once with the restore started. Refused with 409 and the reason when the
   * policy is not drifted or missing, or a rollout holds it.
   */
  restorePolicy(
    entity: EntityName,
    policy: { cluster: string; namespace: string; name: string },
  ): Promise<Restore> {
    return this.send('POST', `${policyPath(entity, policy)}/restore`);
  }

  /** The policy's restores, newest first, each with its steps. */
  listPolicyRestores(
    entity: EntityName,
    policy: { cluster: string; namespace: string; name: string },
    query: { limit?: number } = {},
  ): Promise<{ items: Restore[] }> {
    return this.get(`${policyPath(entity, policy)}/restores`, query);
  }

  /** How the policy's current seal got there, or why that is not recorded. */
  getPolicyProvenance(
    entity: EntityName,
    policy: { cluster: string; namespace: string; name: string },
  ): Promise<PolicyProvenanceView> {
    return this.get(`${policyPath(entity, policy)}/provenance`);
  }

  /** The signed attestation of a completed rollout or restore, by its id. */
  getAttestation(id: string): Promise<Attestation> {
    return this.get(`/attestations/${encodeURIComponent(id)}`);
  }

  /** The compliance report of a window (`netseal.compliance.read`). */
  getComplianceReport(query: ComplianceReportQuery): Promise<ComplianceReport> {
    return this.get('/compliance/report', { ...query });
  }

  /** One table of the compliance report as CSV text, for a spreadsheet. */
  async getComplianceCsv(
    query: ComplianceReportQuery,
    table: 'policies' | 'incidents',
  ): Promise<string> {
    const response = await this.fetchGet('/compliance/report', {
      ...query,
      format: 'csv',
      table,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.text();
  }

  /** One restore with its steps as they run. */
  getRestore(id: string): Promise<Restore> {
    return this.get(`/restores/${encodeURIComponent(id)}`);
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

  /** What filing these changes would do; stores and sends nothing. */
  previewRequest(input: {
    entityRef: string;
    changes: NewReplacementRequest['changes'];
  }): Promise<RequestPreview> {
    return this.send('POST', '/requests/preview', input);
  }

  /**
   * Files a replacement request. Pass the same `idempotencyKey` when retrying after a
   * timeout: the server then answers the first request instead of filing a second.
   */
  createRequest(
    input: NewReplacementRequest,
    options: { idempotencyKey?: string } = {},
  ): Promise<ReplacementRequest> {
    return this.send(
      'POST',
      '/requests',
      input,
      options.idempotencyKey
        ? { 'Idempotency-Key': options.idempotencyKey }
        : {},
    );
  }

  /** Approves or rejects a request of the local Git provider. */
  reviewRequest(
    id: string,
    review: { decision: 'approve' | 'reject'; comment?: string },
  ): Promise<ReplacementRequestDetail> {
    return this.send(
      'POST',
      `/requests/${encodeURIComponent(id)}/reviews`,
      review,
    );
  }

  /** Merges a request of the local Git provider that has its approvals. */
  mergeRequest(id: string): Promise<ReplacementRequestDetail> {
    return this.send('POST', `/requests/${encodeURIComponent(id)}/merge`);
  }

  /**
   * Closes an open or approved request and its pull request, with an optional reason;
   * its requester may, anyone else needs `netseal.request.review`.
   */
  closeRequest(
    id: string,
    input: { reason?: string } = {},
  ): Promise<ReplacementRequestDetail> {
    return this.send('POST', `/requests/${encodeURIComponent(id)}/close`, {
      ...(input.reason?.trim() ? { reason: input.reason.trim() } : {}),
    });
  }

  /**
   * Starts (or resumes) the rollout of a merged request. The server verifies the approval
   * with the Git host first and refuses with 409 and the reason; the rollout then runs in
   * the background, and `getRequest` shows its steps.
   */
  startRollout(id: string): Promise<ReplacementRequestDetail> {
    return this.send('POST', `/requests/${encodeURIComponent(id)}/rollout`);
  }

  getFleetSummary(): Promise<FleetSummary> {
    return this.get('/fleet/summary');
  }

  getClusters(): Promise<{ items: ClusterStatus[] }> {
    return this.get('/clusters');
  }

  /** The cluster's admission guard, read from the cluster now (not the last check). */
  getClusterGuard(cluster: string): Promise<ClusterGuard> {
    return this.get(`/clusters/${encodeURIComponent(cluster)}/guard`);
  }

  /**
   * Installs or upgrades the cluster's admission guard with its rollout identity (needs
   * `netseal.guard.manage`). Refused with 409 when the cluster has no rollout identity
   * and 502 when the cluster refuses the write, each with the server's reason.
   */
  installClusterGuard(cluster: string): Promise<ClusterGuard> {
    return this.send('POST', `/clusters/${encodeURIComponent(cluster)}/guard`);
  }

  /**
   * Uninstalls the cluster's admission guard with its rollout identity (needs
   * `netseal.guard.manage`), answering the guard after.
   */
  uninstallClusterGuard(cluster: string): Promise<ClusterGuard> {
    return this.send(
      'DELETE',
      `/clusters/${encodeURIComponent(cluster)}/guard`,
    );
  }

  private async get<T>(
    path: string,
    query: Record<string, string | number | string[] | undefined> = {},
  ): Promise<T> {
    return this.answer<T>(await this.fetchGet(path, query));
  }

  private async fetchGet(
    path: string,
    query: Record<string, string | number | string[] | undefined>,
  ): Promise<Response> {
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
    return fetchFn(url);
  }

  private async send<T>(
    method: 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('netseal');
    const fetchFn = this.options.fetchApi?.fetch ?? fetch;
    return this.answer<T>(
      await fetchFn(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  }

  private async answer<T>(response: Response): Promise<T> {
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

function policyPath(
  entity: EntityName,
  policy: { cluster: string; namespace: string; name: string },
): string {
  return `${entityPath(entity)}/policies/${[
    policy.cluster,
    policy.namespace,
    policy.name,
  ]
    .map(encodeURIComponent)
    .join('/')}`;
}
