import type { NetsealApi } from '../api';

/**
 * A NetsealApi whose methods answer as given; any other method rejects, naming itself,
 * so a test that calls something unexpected fails with a readable error.
 */
export function stubNetsealApi(answers: Partial<NetsealApi> = {}): NetsealApi {
  const unexpected = (method: string) => () =>
    Promise.reject(new Error(`stubNetsealApi: ${method} was not expected`));
  return {
    getHealth: unexpected('getHealth'),
    getEntityPolicies: unexpected('getEntityPolicies'),
    getEntityPolicy: unexpected('getEntityPolicy'),
    getEntityHistory: unexpected('getEntityHistory'),
    getEntityReachability: unexpected('getEntityReachability'),
    getFleetPolicies: unexpected('getFleetPolicies'),
    getFleetSummary: unexpected('getFleetSummary'),
    getClusters: unexpected('getClusters'),
    listRequests: unexpected('listRequests'),
    getRequest: unexpected('getRequest'),
    ...answers,
  };
}
