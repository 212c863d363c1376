import type {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type express from 'express';
import type { ComplianceService } from '../compliance/ComplianceService';
import type { ProvenanceService } from '../provenance/ProvenanceService';
import type { AttestationService } from '../attestation/AttestationService';
import type { LiveView } from '../clusters';
import type { DriftStore } from '../database';
import type { GuardService } from '../guard/GuardService';
import type { RequestService } from '../requests/RequestService';
import type { RestoreService } from '../restore/RestoreService';
import type { RolloutService } from '../rollout/RolloutService';
import { spec } from '../schema/openapi.generated';
import { Authorization } from './authorization';
import { productionErrorBodies, upstreamFailures } from './errorResponses';
import { jsonBody } from './jsonBody';
import { addComplianceRoutes } from './routes/complianceRoutes';
import { addAttestationRoutes } from './routes/attestationRoutes';
import { addClusterRoutes } from './routes/clusterRoutes';
import { addFleetRoutes } from './routes/fleetRoutes';
import { addPolicyRoutes } from './routes/policyRoutes';
import { addRequestRoutes } from './routes/requestRoutes';
import { addScorecardRoutes } from './routes/scorecardRoutes';

/**
 * What the HTTP API reads and asks, no more; it knows nothing of SQL or of how drift is
 * computed.
 */
export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  database: { driftStore: DriftStore };
  liveView: Pick<
    LiveView,
    | 'clusterNames'
    | 'status'
    | 'connection'
    | 'networkPolicies'
    | 'clusterScopedPolicies'
  >;
  requests: Pick<
    RequestService,
    | 'readPolicySource'
    | 'preview'
    | 'create'
    | 'list'
    | 'listEntityRefs'
    | 'get'
    | 'getStored'
    | 'listTransitions'
    | 'review'
    | 'merge'
    | 'close'
    | 'portalUrl'
    | 'policyStatuses'
  >;
  rollouts: Pick<RolloutService, 'get' | 'start'>;
  restores: Pick<RestoreService, 'start' | 'get' | 'listOfPolicy'>;
  guards: Pick<GuardService, 'cached' | 'check' | 'install' | 'uninstall'>;
  attestations: Pick<AttestationService, 'get'>;
  provenance: Pick<ProvenanceService, 'find'>;
  compliance: Pick<ComplianceService, 'report'>;
}

/** Netseal's HTTP API, validated against its OpenAPI spec, one file of routes per resource. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = createValidatedOpenApiRouter(spec, {
    middleware: jsonBody(),
  });
  const authorization = new Authorization(options);
  const { driftStore } = options.database;

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  addPolicyRoutes(router, { ...options, authorization, driftStore });
  addFleetRoutes(router, { authorization, driftStore });
  addClusterRoutes(router, { ...options, authorization });
  addRequestRoutes(router, { ...options, authorization });
  addScorecardRoutes(router, { ...options, authorization, driftStore });
  addAttestationRoutes(router, { ...options, authorization });
  addComplianceRoutes(router, { ...options, authorization });
  router.use(productionErrorBodies(options.logger));
  router.use(upstreamFailures);

  options.logger.debug('Netseal router ready');
  return router;
}
