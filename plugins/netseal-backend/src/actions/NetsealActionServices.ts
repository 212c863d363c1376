import type { AuthService } from '@backstage/backend-plugin-api';
import type { LiveView } from '../clusters';
import type { DriftStore } from '../database';
import type { Authorization } from '../http/authorization';
import type { RequestService } from '../requests/RequestService';

/**
 * What Netseal's actions read and ask, no more: the same authorization, stores and
 * request service the HTTP API uses, so an action answers as its route would.
 */
export interface NetsealActionServices {
  auth: Pick<AuthService, 'isPrincipal'>;
  authorization: Pick<
    Authorization,
    'entityFor' | 'require' | 'gitHostLoginOf'
  >;
  driftStore: Pick<
    DriftStore,
    'listEntityPolicies' | 'getSourceError' | 'listSealedManifests'
  >;
  requests: Pick<RequestService, 'preview' | 'create'>;
  liveView: Pick<
    LiveView,
    'clusterNames' | 'clusterScopedPolicies' | 'connection' | 'networkPolicies'
  >;
}
