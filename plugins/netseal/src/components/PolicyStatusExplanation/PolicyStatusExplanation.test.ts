import {
  inSyncPolicy,
  liveOnlyPolicy,
  unknownPolicy,
  unsealedInGitPolicy,
} from '../../__fixtures__/paymentsPolicies';
import { explainPolicyStatus } from './PolicyStatusExplanation';

describe('explainPolicyStatus', () => {
  it('gives the reason a policy is unknown', () => {
    expect(explainPolicyStatus(unknownPolicy)).toBe(
      'cluster prod-ap unreachable: connection refused',
    );
  });

  it('names the file and line of an unsealed manifest', () => {
    expect(explainPolicyStatus(unsealedInGitPolicy)).toBe(
      'prod-eu/allow-metrics.yaml:12: no netseal.io/seal annotation; run netseal seal',
    );
  });

  it('says an unsealed policy without a file exists only in the cluster', () => {
    expect(explainPolicyStatus({ ...liveOnlyPolicy, reason: undefined })).toBe(
      'exists only in the cluster',
    );
  });

  it('has nothing to explain for a policy in sync', () => {
    expect(explainPolicyStatus(inSyncPolicy)).toBeUndefined();
  });
});
