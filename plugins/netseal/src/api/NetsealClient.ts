import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ComplianceReportQuery,
  EntityName,
  FleetPoliciesQuery,
  HistoryQuery,
  NetsealApiClient,
  NewReplacementRequest,
  RequestsQuery,
} from '@netseal/backstage-plugin-netseal-common';
import { NetsealApi, NetsealHealth, PolicyName } from './NetsealApi';

/**
 * Talks to Netseal's backend through Backstage's discovery and fetch APIs. The reads go
 * through the typed `NetsealApiClient` of netseal-common, generated from the OpenAPI spec.
 *
 * @public
 */
export class NetsealClient implements NetsealApi {
  private readonly client: NetsealApiClient;

  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {
    this.client = new NetsealApiClient({
      discoveryApi: options.discoveryApi,
      // Backstage's fetchApi adds the user's token; bound so it keeps its `this`.
      fetchApi: { fetch: (input, init) => options.fetchApi.fetch(input, init) },
    });
  }

  async getHealth(): Promise<NetsealHealth> {
    // The health route needs no credentials and is not part of the typed client.
    const baseUrl = await this.options.discoveryApi.getBaseUrl('netseal');
    const response = await this.options.fetchApi.fetch(`${baseUrl}/health`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }

  getEntityPolicies(entity: EntityName) {
    return this.client.getEntityPolicies(entity);
  }

  getEntityPolicy(entity: EntityName, policy: PolicyName) {
    return this.client.getEntityPolicy(entity, policy);
  }

  getEntityHistory(entity: EntityName, query?: HistoryQuery) {
    return this.client.getEntityHistory(entity, query);
  }

  getEntityPolicySource(entity: EntityName, policy: PolicyName) {
    return this.client.getEntityPolicySource(entity, policy);
  }

  getEntityReachability(
    entity: EntityName,
    query?: { mode?: 'live' | 'sealed' },
  ) {
    return this.client.getEntityReachability(entity, query);
  }

  restorePolicy(entity: EntityName, policy: PolicyName) {
    return this.client.restorePolicy(entity, policy);
  }

  listPolicyRestores(
    entity: EntityName,
    policy: PolicyName,
    query?: { limit?: number },
  ) {
    return this.client.listPolicyRestores(entity, policy, query);
  }

  getPolicyProvenance(entity: EntityName, policy: PolicyName) {
    return this.client.getPolicyProvenance(entity, policy);
  }

  getAttestation(id: string) {
    return this.client.getAttestation(id);
  }

  getComplianceReport(query: ComplianceReportQuery) {
    return this.client.getComplianceReport(query);
  }

  getComplianceCsv(
    query: ComplianceReportQuery,
    table: 'policies' | 'incidents',
  ) {
    return this.client.getComplianceCsv(query, table);
  }

  getFleetPolicies(query?: FleetPoliciesQuery) {
    return this.client.getFleetPolicies(query);
  }

  getFleetSummary() {
    return this.client.getFleetSummary();
  }

  listRequests(query?: RequestsQuery) {
    return this.client.listRequests(query);
  }

  getRequest(id: string) {
    return this.client.getRequest(id);
  }

  previewRequest(input: Parameters<NetsealApiClient['previewRequest']>[0]) {
    return this.client.previewRequest(input);
  }

  createRequest(
    input: NewReplacementRequest,
    options?: { idempotencyKey?: string },
  ) {
    return this.client.createRequest(input, options);
  }

  reviewRequest(
    id: string,
    review: { decision: 'approve' | 'reject'; comment?: string },
  ) {
    return this.client.reviewRequest(id, review);
  }

  mergeRequest(id: string) {
    return this.client.mergeRequest(id);
  }

  closeRequest(id: string, input?: { reason?: string }) {
    return this.client.closeRequest(id, input);
  }

  startRollout(id: string) {
    return this.client.startRollout(id);
  }

  getClusters() {
    return this.client.getClusters();
  }

  getClusterGuard(cluster: string) {
    return this.client.getClusterGuard(cluster);
  }

  installClusterGuard(cluster: string) {
    return this.client.installClusterGuard(cluster);
  }

  uninstallClusterGuard(cluster: string) {
    return this.client.uninstallClusterGuard(cluster);
  }
}
