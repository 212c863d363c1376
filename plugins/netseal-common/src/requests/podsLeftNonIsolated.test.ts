import type { NetworkPolicy } from '../types';
import { podsLeftNonIsolated } from './podsLeftNonIsolated';

function policy(
  name: string,
  app: string,
  spec: Partial<NetworkPolicy['spec']> = {},
  namespace = 'shop',
): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec: { podSelector: { matchLabels: { app } }, ...spec },
  };
}

const pods = [
  { namespace: 'shop', name: 'payments-0', labels: { app: 'payments' } },
  { namespace: 'shop', name: 'payments-1', labels: { app: 'payments' } },
  { namespace: 'shop', name: 'search-0', labels: { app: 'search' } },
  { namespace: 'other', name: 'payments-0', labels: { app: 'payments' } },
];

describe('podsLeftNonIsolated', () => {
  it('names the pods the removed policy alone isolated, in its namespace only', () => {
    expect(
      podsLeftNonIsolated({
        removed: policy('allow-checkout', 'payments'),
        remaining: [policy('search-only', 'search')],
        pods,
      }),
    ).toEqual([
      { direction: 'ingress', pods: ['shop/payments-0', 'shop/payments-1'] },
    ]);
  });

  it('finds nothing when another policy still isolates the pods in that direction', () => {
    expect(
      podsLeftNonIsolated({
        removed: policy('allow-checkout', 'payments'),
        remaining: [policy('deny-all', 'payments', { ingress: [] })],
        pods,
      }),
    ).toEqual([]);
  });

  it('looks at each direction the removed policy isolates', () => {
    expect(
      podsLeftNonIsolated({
        removed: policy('both', 'payments', {
          policyTypes: ['Ingress', 'Egress'],
        }),
        remaining: [policy('ingress-only', 'payments')],
        pods,
      }),
    ).toEqual([
      { direction: 'egress', pods: ['shop/payments-0', 'shop/payments-1'] },
    ]);
  });

  it('does not count a policy of another namespace as isolating', () => {
    expect(
      podsLeftNonIsolated({
        removed: policy('allow-checkout', 'payments'),
        remaining: [policy('elsewhere', 'payments', {}, 'other')],
        pods,
      }),
    ).toHaveLength(1);
  });

  it('finds nothing when the removed policy selects no live pod', () => {
    expect(
      podsLeftNonIsolated({
        removed: policy('allow-billing', 'billing'),
        remaining: [],
        pods,
      }),
    ).toEqual([]);
  });
});
