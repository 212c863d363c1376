import fc from 'fast-check';
import {
  cluster,
  namespacedSpecs,
  networkPolicies,
  policySpec,
  probe,
  EXTERNAL_ADDRESSES,
} from '../reachability/__testUtils__/arbitraries';
import type { Probe } from '../reachability/__testUtils__/arbitraries';
import { evaluateConnection } from '../reachability/evaluateConnection';
import { buildReachabilityModel } from '../reachability/ReachabilityModel';
import type { ClusterSnapshot } from '../reachability/types';
import type { NetworkPolicy } from '../types';
import { planRollout, RolloutChange, RolloutStep } from './planRollout';

/** Every allowed flow between pods, and between pods and outside addresses, in a snapshot. */
function allowedFlows(snapshot: ClusterSnapshot, p: Probe): Set<string> {
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

function apply(policies: NetworkPolicy[], step: RolloutStep): NetworkPolicy[] {
  const named = (namespace: string, name: string) => (policy: NetworkPolicy) =>
    policy.metadata.namespace === namespace && policy.metadata.name === name;
  switch (step.kind) {
    case 'create-guard':
      return [...policies, step.guard];
    case 'create':
      return [...policies, step.policy];
    case 'delete':
    case 'delete-guard': {
      const match = named(step.namespace, step.name);
      return policies.filter(policy => !match(policy));
    }
    default:
      return policies;
  }
}

/** For each old policy: keep it, replace its spec, or remove it; then some new policies. */
const rollout = cluster.chain(snapshot =>
  fc.record({
    snapshot: fc.constant(snapshot),
    fates: fc.array(
      fc.oneof(
        fc.constant<'keep'>('keep'),
        fc.constant<'remove'>('remove'),
        policySpec.map(spec => ({ spec })),
      ),
      {
        minLength: snapshot.policies.length,
        maxLength: snapshot.policies.length,
      },
    ),
    added: namespacedSpecs(2).map(specs => networkPolicies(specs, 'added')),
    probe,
  }),
);

describe('planRollout, for any cluster and any change of its policies', () => {
  it('never allows, at any step, a flow that neither the old nor the new policies allow', () => {
    fc.assert(
      fc.property(rollout, ({ snapshot, fates, added, probe: p }) => {
        const oldPolicies = snapshot.policies;
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
          });
        }

        const allowedOld = allowedFlows(snapshot, p);
        const allowedNew = allowedFlows(
          { ...snapshot, policies: newPolicies },
          p,
        );
        let state = oldPolicies;
        for (const step of planRollout('1', changes)[0]?.steps ?? []) {
          state = apply(state, step);
          for (const flow of allowedFlows(
            { ...snapshot, policies: state },
            p,
          )) {
            if (!allowedOld.has(flow) && !allowedNew.has(flow)) {
              throw new Error(
                `after ${step.kind} ${step.namespace}: ${flow} is allowed, which neither the old nor the new policies allow`,
              );
            }
          }
        }
        // The plan ends in the new policy set (guards gone, the sealed label added).
        const key = (policy: NetworkPolicy) =>
          `${policy.metadata.namespace}/${policy.metadata.name}`;
        expect(state.map(key).sort()).toEqual(newPolicies.map(key).sort());
      }),
      { numRuns: 300 },
    );
  });
});
