import type { ClusterPod } from '../reachability/types';
import type { LabelSelector, NetworkPolicy } from '../types';
import { policySelectsService } from './policySelectsService';

function policy(podSelector: LabelSelector, namespace = 'shop'): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'p', namespace },
    spec: { podSelector },
  };
}

const payments = { selector: { matchLabels: { app: 'payments' } } };

const livePods: ClusterPod[] = [
  {
    namespace: 'shop',
    name: 'payments-0',
    labels: { app: 'payments', tier: 'api' },
  },
  { namespace: 'shop', name: 'checkout-0', labels: { app: 'checkout' } },
];

describe('policySelectsService', () => {
  it('asks the live pods of the service in the policy namespace when there are any', () => {
    expect(
      policySelectsService(
        policy({ matchLabels: { tier: 'api' } }),
        payments,
        livePods,
      ),
    ).toBe(true);
    expect(
      policySelectsService(
        policy({ matchLabels: { tier: 'web' } }),
        payments,
        livePods,
      ),
    ).toBe(false);
    expect(policySelectsService(policy({}), payments, livePods)).toBe(true);
  });

  it('without live pods, is false only when the selectors contradict each other', () => {
    expect(
      policySelectsService(
        policy({ matchLabels: { app: 'checkout' } }),
        payments,
        [],
      ),
    ).toBe(false);
    expect(
      policySelectsService(
        policy({
          matchExpressions: [
            { key: 'app', operator: 'NotIn', values: ['payments'] },
          ],
        }),
        payments,
        [],
      ),
    ).toBe(false);
    expect(
      policySelectsService(
        policy({ matchLabels: { tier: 'web' } }),
        payments,
        [],
      ),
    ).toBe(true);
    expect(
      policySelectsService(
        policy({ matchLabels: { app: 'payments' } }, 'data'),
        payments,
        livePods,
      ),
    ).toBe(true);
  });

  it('is false for a policy outside the namespace the service is pinned to', () => {
    expect(
      policySelectsService(
        policy({}, 'data'),
        { ...payments, namespace: 'shop' },
        [],
      ),
    ).toBe(false);
  });

  it('is true when the entity names no pods, since there is no telling', () => {
    expect(
      policySelectsService(
        policy({ matchLabels: { app: 'checkout' } }),
        undefined,
        livePods,
      ),
    ).toBe(true);
  });
});
