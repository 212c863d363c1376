import { formatLabelSelector } from '../reachability/formatLabelSelector';
import type { ClusterRolloutPlan, RolloutStep } from './planRollout';

function directions(types: readonly string[]): string {
  const words = types.map(type => (type === 'Ingress' ? 'ingress' : 'egress'));
  return words.join(' and ');
}

/** One step in words, for a pull request's rollout plan. @public */
export function describeRolloutStep(step: RolloutStep): string {
  switch (step.kind) {
    case 'create-guard': {
      const selector = formatLabelSelector(step.guard.spec.podSelector);
      return `Create the guard ${step.namespace}/${
        step.guard.metadata.name
      }: deny all ${directions(
        // What the API server infers for a policy without egress rules.
        step.guard.spec.policyTypes ?? ['Ingress'],
      )} of ${selector ? `pods ${selector}` : 'every pod'} in namespace ${
        step.namespace
      } while the policies are swapped.`;
    }
    case 'delete':
      return `Delete ${step.namespace}/${step.name}.`;
    case 'create':
      return `Create ${step.namespace}/${step.policy.metadata.name}, labelled netseal.io/sealed=true.`;
    case 'verify':
      return `Read ${step.namespace}/${step.name} back and check its digest against ${step.seal}.`;
    case 'delete-guard':
      return `Delete the guard ${step.namespace}/${step.name}.`;
    default:
      // A step stored by a newer version, read by an older replica during an upgrade.
      return '';
  }
}

/** The strategy in words: what it guarantees and how. @public */
export const FAIL_CLOSED_STRATEGY_TEXT =
  'fail-closed delete-and-recreate (the default): guards isolate every pod a changed policy selects before anything is deleted, so no step allows a flow that neither the old nor the new policies allow, and no isolated pod becomes open.';

/** A plan as Markdown lines: each cluster's steps, numbered. @public */
export function describeRolloutPlan(
  plans: readonly ClusterRolloutPlan[],
): string[] {
  if (plans.length === 0) return ['Nothing to roll out.'];
  return [
    `Strategy: ${FAIL_CLOSED_STRATEGY_TEXT}`,
    ...plans.flatMap(plan => [
      '',
      `Cluster \`${plan.cluster}\`:`,
      '',
      ...plan.steps.map(
        (step, index) => `${index + 1}. ${describeRolloutStep(step)}`,
      ),
    ]),
  ];
}
