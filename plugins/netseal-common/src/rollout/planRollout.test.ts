import type { NetworkPolicy } from '../types';
import {
  describeRolloutPlan,
  describeRolloutStep,
} from './describeRolloutPlan';
import { GUARD_LABEL, planRollout, RolloutChange } from './planRollout';

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
          labels: { 'netseal.io/guard': '42' },
        },
        spec: {
          podSelector: { matchLabels: { app: 'payments' } },
          policyTypes: ['Ingress', 'Egress'],
        },
      },
    });
    // The backend finds a failed rollout's leftover guards by this label.
    expect(GUARD_LABEL).toBe('netseal.io/guard');
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

  it('isolates only ingress when only ingress policies change, so the pods keep their egress during the swap', () => {
    const withMorePorts = policy('allow-checkout', {
      podSelector: { matchLabels: { app: 'payments' } },
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { app: 'checkout' } } }],
          ports: [{ port: 8443 }],
        },
      ],
    });
    const [plan] = planRollout('42', [
      {
        op: 'replace',
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
        oldPolicy: oldAllowCheckout,
        newPolicy: withMorePorts,
        newSeal: SEAL,
      },
    ]);

    const [guard] = plan.steps;
    expect(guard.kind === 'create-guard' && guard.guard.spec).toEqual({
      podSelector: { matchLabels: { app: 'payments' } },
      policyTypes: ['Ingress'],
    });
    expect(describeRolloutStep(guard)).toBe(
      'Create the guard shop/netseal-guard-42-1: deny all ingress of pods app=payments in namespace shop while the policies are swapped.',
    );
  });

  it('plans the same steps and guard names whatever order the changes come in', () => {
    const changes: RolloutChange[] = [
      {
        op: 'add',
        cluster: 'prod-us',
        namespace: 'shop',
        name: 'allow-checkout',
        newPolicy: newAllowCheckout,
        newSeal: SEAL,
      },
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
    ];

    const plans = planRollout('7', changes);

    expect(planRollout('7', [...changes].reverse())).toEqual(plans);
    expect(plans.map(plan => plan.cluster)).toEqual(['prod-eu', 'prod-us']);
    expect(
      plans[0].steps.flatMap(step =>
        step.kind === 'create-guard'
          ? [`${step.namespace}/${step.guard.metadata.name}`]
          : [],
      ),
    ).toEqual(['data/netseal-guard-7-1', 'shop/netseal-guard-7-2']);
  });

  it('never creates for a removal, even when the change carries a policy, as a pull request description passes every change whole', () => {
    const [plan] = planRollout('42', [
      {
        op: 'remove',
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
        oldPolicy: oldAllowCheckout,
        newPolicy: newAllowCheckout,
        newSeal: SEAL,
      },
    ]);

    expect(plan.steps.map(step => step.kind)).toEqual([
      'create-guard',
      'delete',
      'delete-guard',
    ]);
  });

  it('plans no create for a change without its new policy and no check for one without its seal, rather than failing', () => {
    const [plan] = planRollout('42', [
      {
        op: 'replace',
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
        oldPolicy: oldAllowCheckout,
        newSeal: SEAL,
      },
      {
        op: 'add',
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-metrics',
        newPolicy: policy('allow-metrics', { podSelector: {} }),
      },
    ]);

    expect(
      plan.steps.map(step =>
        'name' in step
          ? `${step.kind} ${step.name}`
          : `${step.kind} ${
              (step.kind === 'create' ? step.policy : step.guard).metadata.name
            }`,
      ),
    ).toEqual([
      'create-guard netseal-guard-42-1',
      'create-guard netseal-guard-42-2',
      'delete allow-checkout',
      'create allow-metrics',
      'verify allow-checkout',
      'delete-guard netseal-guard-42-1',
      'delete-guard netseal-guard-42-2',
    ]);
  });
});

describe('describeRolloutPlan', () => {
  it('says when there is nothing to roll out', () => {
    expect(describeRolloutPlan([])).toEqual(['Nothing to roll out.']);
  });

  it('names a guard over every pod of a namespace as such', () => {
    const guard = policy('netseal-guard-42-1', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });

    expect(
      describeRolloutStep({ kind: 'create-guard', namespace: 'shop', guard }),
    ).toBe(
      'Create the guard shop/netseal-guard-42-1: deny all ingress and egress of every pod in namespace shop while the policies are swapped.',
    );
  });

  it('describes a step of a kind it does not know, as a newer version may have stored, as nothing rather than failing', () => {
    const stored = JSON.parse('{"kind":"pause","namespace":"shop"}');

    expect(describeRolloutStep(stored)).toBe('');
  });

  it('reads a guard written without policyTypes as the API server does: ingress only', () => {
    const guard = policy('netseal-guard-42-1', {
      podSelector: { matchLabels: { app: 'payments' } },
    });

    expect(
      describeRolloutStep({ kind: 'create-guard', namespace: 'shop', guard }),
    ).toBe(
      'Create the guard shop/netseal-guard-42-1: deny all ingress of pods app=payments in namespace shop while the policies are swapped.',
    );
  });
});
