import { computeSeal } from '../seal/computeSeal';
import type { NetworkPolicy } from '../types';
import { planRollback } from './planRollback';
import { planRollout } from './planRollout';

function policy(name: string, spec: NetworkPolicy['spec']): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name,
      namespace: 'shop',
      labels: { 'netseal.io/sealed': 'true' },
    },
    spec,
  };
}

const oldPolicy = policy('allow-checkout', {
  podSelector: { matchLabels: { app: 'payments' } },
  ingress: [{ from: [{ podSelector: { matchLabels: { app: 'checkout' } } }] }],
});
const newPolicy = policy('allow-checkout', {
  podSelector: { matchLabels: { app: 'billing' } },
  ingress: [{ from: [{ podSelector: { matchLabels: { app: 'checkout' } } }] }],
});

describe('planRollback', () => {
  const changes = [
    {
      op: 'replace' as const,
      cluster: 'prod-eu',
      namespace: 'shop',
      name: 'allow-checkout',
      oldPolicy,
      newPolicy,
      newSeal: computeSeal(newPolicy),
    },
  ];

  it('raises the rollout’s own guards, removes the new policy, restores and checks the old one, and lifts the guards', () => {
    const [rollback] = planRollback('42', changes);
    const [rollout] = planRollout('42', changes);

    expect(rollback.cluster).toBe('prod-eu');
    expect(rollback.strategy).toBe('fail-closed');

    expect(rollback.steps.map(step => step.kind)).toEqual([
      'create-guard',
      'create-guard',
      'delete',
      'create',
      'verify',
      'delete-guard',
      'delete-guard',
    ]);
    // Same guards, in the same order and under the same names, whichever policy selects what.
    expect(rollback.steps.slice(0, 2)).toEqual(rollout.steps.slice(0, 2));
    expect(rollback.steps[3]).toEqual({
      kind: 'create',
      namespace: 'shop',
      policy: oldPolicy,
    });
    expect(rollback.steps[4]).toEqual({
      kind: 'verify',
      namespace: 'shop',
      name: 'allow-checkout',
      seal: computeSeal(oldPolicy),
    });
  });

  it('deletes an added policy and re-creates a removed one', () => {
    const added = policy('allow-metrics', { podSelector: {} });
    const [rollback] = planRollback('7', [
      {
        op: 'add',
        cluster: 'c',
        namespace: 'shop',
        name: 'allow-metrics',
        newPolicy: added,
      },
      {
        op: 'remove',
        cluster: 'c',
        namespace: 'shop',
        name: 'allow-checkout',
        oldPolicy,
      },
    ]);

    expect(
      rollback.steps
        .filter(step => step.kind === 'delete' || step.kind === 'create')
        .map(step =>
          step.kind === 'create'
            ? `create ${step.policy.metadata.name}`
            : `${step.kind} ${step.name}`,
        ),
    ).toEqual(['delete allow-metrics', 'create allow-checkout']);
  });

  it('still deletes what the rollout may have created under another name or in another namespace', () => {
    const [rollback] = planRollback(
      '42',
      [
        ...changes,
        { ...changes[0], name: 'allow-metrics' },
        { ...changes[0], namespace: 'data' },
      ],
      [{ namespace: 'shop', name: 'allow-checkout' }],
    );

    expect(
      rollback.steps.flatMap(step =>
        step.kind === 'delete' ? [`${step.namespace}/${step.name}`] : [],
      ),
    ).toEqual(['data/allow-checkout', 'shop/allow-metrics']);
  });

  it('re-creates nothing for an added policy, even when the change names what stood there before', () => {
    const [rollback] = planRollback('7', [
      {
        op: 'add',
        cluster: 'c',
        namespace: 'shop',
        name: 'allow-checkout',
        oldPolicy,
        newPolicy,
      },
    ]);

    expect(
      rollback.steps
        .filter(step => step.kind === 'delete' || step.kind === 'create')
        .map(step => step.kind),
    ).toEqual(['delete']);
  });

  it('leaves alone a policy the rollout never created, whatever holds its name', () => {
    const [rollback] = planRollback('42', changes, [
      { namespace: 'shop', name: 'allow-checkout' },
    ]);

    expect(rollback.steps.some(step => step.kind === 'delete')).toBe(false);
    expect(rollback.steps.filter(step => step.kind === 'create')).toHaveLength(
      1,
    );
  });

  it('removes the new policy of a replace whose old one is unknown, and restores nothing in its place', () => {
    const [rollback] = planRollback('42', [
      { ...changes[0], oldPolicy: undefined },
    ]);

    expect(
      rollback.steps.map(step =>
        'name' in step ? `${step.kind} ${step.name}` : step.kind,
      ),
    ).toEqual([
      'create-guard',
      'delete allow-checkout',
      'delete-guard netseal-guard-42-1',
    ]);
  });

  it('plans each cluster once, in name order, whatever order the changes come in', () => {
    const plans = planRollback('42', [
      { ...changes[0], cluster: 'prod-us' },
      { ...changes[0], cluster: 'prod-eu' },
    ]);

    expect(plans.map(plan => plan.cluster)).toEqual(['prod-eu', 'prod-us']);
  });
});
