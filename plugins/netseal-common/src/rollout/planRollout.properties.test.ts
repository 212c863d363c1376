import fc from 'fast-check';
import { cluster, probe } from '../reachability/__testUtils__/arbitraries';
import type { NetworkPolicy } from '../types';
import { planRollout } from './planRollout';
import {
  allowedFlows,
  apply,
  changesOf,
  policyChanges,
} from './__testUtils__/rolloutModel';

/** For each old policy: keep it, replace its spec, or remove it; then some new policies. */
const rollout = cluster.chain(snapshot =>
  fc.record({
    snapshot: fc.constant(snapshot),
    changes: policyChanges(snapshot),
    probe,
  }),
);

describe('planRollout, for any cluster and any change of its policies', () => {
  it('never allows, at any step, a flow that neither the old nor the new policies allow', () => {
    fc.assert(
      fc.property(
        rollout,
        ({ snapshot, changes: { fates, added }, probe: p }) => {
          const oldPolicies = snapshot.policies;
          const { changes, newPolicies } = changesOf(
            snapshot.policies,
            fates,
            added,
          );

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
        },
      ),
      { numRuns: 300 },
    );
  });
});
