import type { NetsealApi } from '../api';

/**
 * A NetsealApi whose methods answer as given; any other method rejects, naming itself,
 * so a test that calls something unexpected fails with a readable error.
 */
export function stubNetsealApi(answers: Partial<NetsealApi> = {}): NetsealApi {
  const unexpected = (method: string) => () =>
    Promise.reject(new Error(`stubNetsealApi: ${method} was not expected`));
  const answered: NetsealApi = {
    getHealth: unexpected('getHealth'),
    getEntityPolicies: unexpected('getEntityPolicies'),
    getEntityPolicy: unexpected('getEntityPolicy'),
    getEntityPolicySource: unexpected('getEntityPolicySource'),
    getEntityHistory: unexpected('getEntityHistory'),
    getEntityReachability: unexpected('getEntityReachability'),
    getFleetPolicies: unexpected('getFleetPolicies'),
    getFleetSummary: unexpected('getFleetSummary'),
    getClusters: unexpected('getClusters'),
    getClusterGuard: unexpected('getClusterGuard'),
    installClusterGuard: unexpected('installClusterGuard'),
    uninstallClusterGuard: unexpected('uninstallClusterGuard'),
    restorePolicy: unexpected('restorePolicy'),
    listPolicyRestores: unexpected('listPolicyRestores'),
    getPolicyProvenance: unexpected('getPolicyProvenance'),
    getAttestation: unexpected('getAttestation'),
    getComplianceReport: unexpected('getComplianceReport'),
    getComplianceCsv: unexpected('getComplianceCsv'),
    listRequests: unexpected('listRequests'),
    getRequest: unexpected('getRequest'),
    previewRequest: unexpected('previewRequest'),
    createRequest: unexpected('createRequest'),
    reviewRequest: unexpected('reviewRequest'),
    mergeRequest: unexpected('mergeRequest'),
    closeRequest: unexpected('closeRequest'),
    startRollout: unexpected('startRollout'),
  };
  return { ...answered, ...answers } as NetsealApi;
}
