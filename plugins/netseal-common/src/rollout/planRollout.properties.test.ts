import fc from 'fast-check';
import {
  cluster,
  namespacedSpecs,
  networkPolicies,
  policySpec,
  probe,
} from '../reachability/__testUtils__/arbitraries';
import type { NetworkPolicy } from '../types';
import { planRollout, RolloutChange } from './planRollout';
import { allowedFlows, apply } from './__testUtils__/rolloutModel';

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
