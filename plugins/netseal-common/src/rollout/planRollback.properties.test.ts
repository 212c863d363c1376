import fc from 'fast-check';
import { cluster, probe } from '../reachability/__testUtils__/arbitraries';
import type { NetworkPolicy } from '../types';
import { planRollback } from './planRollback';
import { planRollout, withSealedLabel } from './planRollout';
import {
  allowedFlows,
  apply,
  changesOf,
  policyChanges,
} from './__testUtils__/rolloutModel';

/** For each old policy: keep it, replace its spec, or remove it; then some new policies; and where the rollout stops. */
const failedRollout = cluster.chain(snapshot =>
  fc.record({
    snapshot: fc.constant(snapshot),
    changes: policyChanges(snapshot),
    stopAfter: fc.nat(),
    rollbackStopsAfter: fc.option(fc.nat(), { nil: undefined }),
    probe,
  }),
);

const key = (policy: NetworkPolicy) =>
  `${policy.metadata.namespace}/${policy.metadata.name}`;

describe('planRollback, for any change of a cluster’s policies and any step its rollout stopped at', () => {
  it('never allows a flow that neither the old nor the new policies allow, and ends in the old policies', () => {
    fc.assert(
      fc.property(
        failedRollout,
        ({
          snapshot,
          changes: { fates, added },
          stopAfter,
          rollbackStopsAfter,
          probe: p,
        }) => {
          // Live sealed policies carry the sealed label, as the ones the rollback re-creates.
          const oldPolicies = snapshot.policies.map(withSealedLabel);
          const { changes, newPolicies } = changesOf(oldPolicies, fates, added);

          const allowedOld = allowedFlows(
            { ...snapshot, policies: oldPolicies },
            p,
          );
          const allowedNew = allowedFlows(
            { ...snapshot, policies: newPolicies },
            p,
          );
          const rollout = planRollout('1', changes)[0]?.steps ?? [];
          // The rollout stops after some step; the rollback may itself stop and start again.
          const stop = stopAfter % (rollout.length + 1);
          const forward = rollout.slice(0, stop);
          const notCreated = rollout.slice(stop).flatMap(step =>
            step.kind === 'create'
              ? [
                  {
                    namespace: step.namespace,
                    name: step.policy.metadata.name!,
                  },
                ]
              : [],
          );
          const rollback =
            planRollback('1', changes, notCreated)[0]?.steps ?? [];
          const interrupted =
            rollbackStopsAfter === undefined
              ? []
              : rollback.slice(0, rollbackStopsAfter % (rollback.length + 1));
          let state = oldPolicies;
          for (const step of [...forward, ...interrupted, ...rollback]) {
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
          expect(state.map(key).sort()).toEqual(oldPolicies.map(key).sort());
        },
      ),
      { numRuns: 300 },
    );
  });
});
