import type { NetworkPolicy } from '../types';
import { describeRolloutPlan } from './describeRolloutPlan';
import { GUARD_LABEL, planRollout } from './planRollout';

const SEAL = `sha256:${'ab'.repeat(32)}`;

function policy(
  name: string,
  spec: NetworkPolicy['spec'],
  namespace = 'shop',
): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec,
  };
}

const oldAllowCheckout = policy('allow-checkout', {
  podSelector: { matchLabels: { app: 'payments' } },
  ingress: [{ from: [{ podSelector: { matchLabels: { app: 'checkout' } } }] }],
});
const newAllowCheckout = policy('allow-checkout', {
  podSelector: { matchLabels: { app: 'payments' } },
  policyTypes: ['Ingress', 'Egress'],
  ingress: [{ from: [{ podSelector: { matchLabels: { app: 'checkout' } } }] }],
});

describe('planRollout', () => {
  it('guards the pods of a replaced policy in every direction old or new isolates, swaps it, checks it and lifts the guard', () => {
    const [plan] = planRollout('42', [
      {
        op: 'replace',
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
        oldPolicy: oldAllowCheckout,
        newPolicy: newAllowCheckout,
        newSeal: SEAL,
      },
    ]);

    expect(plan.cluster).toBe('prod-eu');
    expect(plan.strategy).toBe('fail-closed');
    expect(plan.steps.map(step => step.kind)).toEqual([
      'create-guard',
      'delete',
      'create',
      'verify',
      'delete-guard',
    ]);
    expect(plan.steps[0]).toEqual({
      kind: 'create-guard',
      namespace: 'shop',
      guard: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: {
          name: 'netseal-guard-42-1',
          namespace: 'shop',
          labels: { [GUARD_LABEL]: '42' },
        },
        spec: {
          podSelector: { matchLabels: { app: 'payments' } },
          policyTypes: ['Ingress', 'Egress'],
        },
      },
    });
    const create = plan.steps[2];
    expect(create.kind === 'create' && create.policy.metadata.labels).toEqual({
      'netseal.io/sealed': 'true',
    });
    expect(plan.steps[3]).toEqual({
      kind: 'verify',
      namespace: 'shop',
      name: 'allow-checkout',
      seal: SEAL,
    });
  });

  it('raises every guard of a cluster before the first delete and lowers them after the last check', () => {
    const plans = planRollout('7', [
      {
        op: 'remove',
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
        oldPolicy: oldAllowCheckout,
      },
      {
        op: 'add',
        cluster: 'prod-eu',
        namespace: 'data',
        name: 'allow-ledger',
        newPolicy: policy(
          'allow-ledger',
          { podSelector: { matchLabels: { app: 'db' } } },
          'data',
        ),
        newSeal: SEAL,
      },
      {
        op: 'add',
        cluster: 'prod-us',
        namespace: 'shop',
        name: 'allow-checkout',
        newPolicy: newAllowCheckout,
        newSeal: SEAL,
      },
    ]);

    expect(plans.map(plan => plan.cluster)).toEqual(['prod-eu', 'prod-us']);
    expect(
      plans[0].steps.map(
        step =>
          `${step.kind} ${step.namespace}/${
            'name' in step
              ? step.name
              : (step.kind === 'create' ? step.policy : step.guard).metadata
                  .name
          }`,
      ),
    ).toEqual([
      'create-guard data/netseal-guard-7-1',
      'create-guard shop/netseal-guard-7-2',
      'delete shop/allow-checkout',
      'create data/allow-ledger',
      'verify data/allow-ledger',
      'delete-guard data/netseal-guard-7-1',
      'delete-guard shop/netseal-guard-7-2',
    ]);
  });

  it('writes the plan as numbered steps under the strategy, per cluster', () => {
    const lines = describeRolloutPlan(
      planRollout('42', [
        {
          op: 'replace',
          cluster: 'prod-eu',
          namespace: 'shop',
          name: 'allow-checkout',
          oldPolicy: oldAllowCheckout,
          newPolicy: newAllowCheckout,
          newSeal: SEAL,
        },
      ]),
    );

    expect(lines[0]).toMatch(/^Strategy: fail-closed delete-and-recreate/);
    expect(lines.slice(1)).toEqual([
      '',
      'Cluster `prod-eu`:',
      '',
      '1. Create the guard shop/netseal-guard-42-1: deny all ingress and egress of pods app=payments in namespace shop while the policies are swapped.',
      '2. Delete shop/allow-checkout.',
      '3. Create shop/allow-checkout, labelled netseal.io/sealed=true.',
      `4. Read shop/allow-checkout back and check its digest against ${SEAL}.`,
      '5. Delete the guard shop/netseal-guard-42-1.',
    ]);
  });
});
