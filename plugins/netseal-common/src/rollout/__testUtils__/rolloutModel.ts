import fc from 'fast-check';
import {
  EXTERNAL_ADDRESSES,
  namespacedSpecs,
  networkPolicies,
  policySpec,
} from '../../reachability/__testUtils__/arbitraries';
import type { Probe } from '../../reachability/__testUtils__/arbitraries';
import { computeSeal } from '../../seal/computeSeal';
import { evaluateConnection } from '../../reachability/evaluateConnection';
import { buildReachabilityModel } from '../../reachability/ReachabilityModel';
import type { ClusterSnapshot } from '../../reachability/types';
import type { NetworkPolicy } from '../../types';
import { withSealedLabel } from '../planRollout';
import type { RolloutChange, RolloutStep } from '../planRollout';

/** Every allowed flow between pods, and between pods and outside addresses, in a snapshot. */
export function allowedFlows(snapshot: ClusterSnapshot, p: Probe): Set<string> {
  const model = buildReachabilityModel(snapshot);
  const pods = snapshot.pods.map(pod => ({
    key: `${pod.namespace}/${pod.name}`,
    endpoint: { pod: { namespace: pod.namespace, name: pod.name } },
    ports: pod.containerPorts ?? [],
  }));
  const outside = EXTERNAL_ADDRESSES.filter(
    ip => ip.includes(':') === (p.ipFamily === 'IPv6'),
  ).map(ip => ({ key: ip, endpoint: { ip }, ports: [] }));
  const flows = new Set<string>();
  for (const from of [...pods, ...outside]) {
    for (const to of [...pods, ...outside]) {
      if ('ip' in from.endpoint && 'ip' in to.endpoint) continue;
      // A port name means something only on a pod that declares it.
      if (typeof p.port === 'string' && 'ip' in to.endpoint) continue;
      if (
        typeof p.port === 'string' &&
        'pod' in to.endpoint &&
        !to.ports.some(
          port =>
            port.name === p.port && (port.protocol ?? 'TCP') === p.protocol,
        )
      ) {
        continue;
      }
      const verdict = evaluateConnection(model, {
        from: from.endpoint,
        to: to.endpoint,
        port: p.port,
        protocol: p.protocol,
        ipFamily: p.ipFamily,
      });
      if (verdict.allowed) flows.add(`${from.key} -> ${to.key}`);
    }
  }
  return flows;
}

/**
 * The policies after one step, as the executor leaves them: a create that meets the same
 * object already there is done, one that meets another object fails.
 */
export function apply(
  policies: NetworkPolicy[],
  step: RolloutStep,
): NetworkPolicy[] {
  const named = (namespace: string, name: string) => (policy: NetworkPolicy) =>
    policy.metadata.namespace === namespace && policy.metadata.name === name;
  const create = (created: NetworkPolicy) => {
    const existing = policies.find(
      named(created.metadata.namespace!, created.metadata.name!),
    );
    if (!existing) return [...policies, created];
    if (computeSeal(existing) !== computeSeal(created)) {
      throw new Error(
        `create ${created.metadata.namespace}/${created.metadata.name} meets another object`,
      );
    }
    return policies;
  };
  switch (step.kind) {
    case 'create-guard':
      return create(step.guard);
    case 'create':
      return create(step.policy);
    case 'delete':
    case 'delete-guard': {
      const match = named(step.namespace, step.name);
      return policies.filter(policy => !match(policy));
    }
    default:
      return policies;
  }
}

/** What becomes of one old policy: kept, removed, or replaced by a policy with this spec. */
export type PolicyFate = 'keep' | 'remove' | { spec: NetworkPolicy['spec'] };

/** For each policy of a cluster, its fate; then some new policies. */
export function policyChanges(snapshot: ClusterSnapshot) {
  return fc.record({
    fates: fc.array(
      fc.oneof(
        fc.constant<PolicyFate>('keep'),
        fc.constant<PolicyFate>('remove'),
        policySpec.map((spec): PolicyFate => ({ spec })),
      ),
      {
        minLength: snapshot.policies.length,
        maxLength: snapshot.policies.length,
      },
    ),
    added: namespacedSpecs(2).map(specs => networkPolicies(specs, 'added')),
  });
}

/** The rollout changes (in cluster `c`) and the new policy set the fates and additions make. */
export function changesOf(
  oldPolicies: readonly NetworkPolicy[],
  fates: readonly PolicyFate[],
  added: readonly NetworkPolicy[],
): { changes: RolloutChange[]; newPolicies: NetworkPolicy[] } {
  const changes: RolloutChange[] = [];
  const newPolicies: NetworkPolicy[] = [];
  oldPolicies.forEach((policy, i) => {
    const fate = fates[i];
    const target = {
      cluster: 'c',
      namespace: policy.metadata.namespace!,
      name: policy.metadata.name!,
    };
    if (fate === 'keep') {
      newPolicies.push(policy);
    } else if (fate === 'remove') {
      changes.push({ op: 'remove', ...target, oldPolicy: policy });
    } else {
      const replacement = { ...policy, spec: fate.spec };
      newPolicies.push(replacement);
      changes.push({
        op: 'replace',
        ...target,
        oldPolicy: policy,
        newPolicy: replacement,
        newSeal: computeSeal(withSealedLabel(replacement)),
      });
    }
  });
  for (const policy of added) {
    newPolicies.push(policy);
    changes.push({
      op: 'add',
      cluster: 'c',
      namespace: policy.metadata.namespace!,
      name: policy.metadata.name!,
      newPolicy: policy,
      newSeal: computeSeal(withSealedLabel(policy)),
    });
  }
  return { changes, newPolicies };
}
