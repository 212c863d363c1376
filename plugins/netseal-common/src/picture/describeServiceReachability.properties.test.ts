import fc from 'fast-check';
import { canonicalize } from '../canonical/canonicalize';
import { compilePolicy } from '../reachability/compilePolicy';
import { networkPolicy } from '../seal/__testUtils__/networkPolicyArbitraries';
import { seededRandom } from '../seal/__testUtils__/policyParts';
import {
  addRuntimeMetadata,
  reorderMapKeys,
  reorderOrderFreeLists,
  repeatListEntries,
  swapEmptyAndMissing,
  toggleDefaultProtocol,
  toggleInferredPolicyTypes,
} from '../seal/__testUtils__/enforcementNeutralChanges';
import { describeNetworkPolicy } from './describeNetworkPolicy';
import { describeServiceReachability } from './describeServiceReachability';

// Two cores in CI: enough runs to cover the schema, few enough to stay quick.
const runs = { numRuns: 200 };

const policies = fc.array(networkPolicy, { maxLength: 6 });

/** Policies and the same policies in another order. */
const policiesAndPermutation = policies.chain(list =>
  fc.tuple(
    fc.constant(list),
    fc.shuffledSubarray(list, {
      minLength: list.length,
      maxLength: list.length,
    }),
  ),
);

function reference(policy: {
  metadata: { namespace?: string; name?: string };
}) {
  return `${policy.metadata.namespace}/${policy.metadata.name}`;
}

describe('the reachability picture', () => {
  it('does not depend on the order of the policies (merging is order-independent)', () => {
    fc.assert(
      fc.property(policiesAndPermutation, ([original, shuffled]) => {
        expect(describeServiceReachability({ policies: shuffled })).toEqual(
          describeServiceReachability({ policies: original }),
        );
      }),
      runs,
    );
  });

  it('isolates a direction exactly when the reachability model says a policy affects it, and names that policy', () => {
    fc.assert(
      fc.property(policies, list => {
        const picture = describeServiceReachability({ policies: list });
        const compiled = list.map(compilePolicy);
        for (const [direction, affects] of [
          [picture.ingress, compiled.filter(p => p.affectsIngress)],
          [picture.egress, compiled.filter(p => p.affectsEgress)],
        ] as const) {
          expect(direction.mode === 'not-isolated').toBe(affects.length === 0);
          for (const policy of affects) {
            expect(picture.policies).toContain(
              `${policy.reference.namespace}/${policy.reference.name}`,
            );
          }
        }
      }),
      runs,
    );
  });

  it('credits every edge to policies of the picture, and every isolating policy with rules to an edge', () => {
    fc.assert(
      fc.property(policies, list => {
        const picture = describeServiceReachability({ policies: list });
        const compiled = list.map(compilePolicy);
        for (const [direction, withRules] of [
          [picture.ingress, compiled.filter(p => p.ingressRules.length > 0)],
          [picture.egress, compiled.filter(p => p.egressRules.length > 0)],
        ] as const) {
          for (const edge of direction.peers) {
            expect(edge.ports.length).toBeGreaterThan(0);
            for (const policy of edge.policies) {
              expect(picture.policies).toContain(policy);
            }
          }
          const credited = new Set(direction.peers.flatMap(e => e.policies));
          for (const policy of withRules) {
            expect(credited).toContain(
              `${policy.reference.namespace}/${policy.reference.name}`,
            );
          }
        }
      }),
      runs,
    );
  });

  it('lists each peer once per direction', () => {
    fc.assert(
      fc.property(policies, list => {
        const picture = describeServiceReachability({ policies: list });
        for (const direction of [picture.ingress, picture.egress]) {
          const keys = direction.peers.map(
            e => `${e.peer.kind} ${e.peer.label}`,
          );
          expect(new Set(keys).size).toBe(keys.length);
        }
        expect(picture.policies).toEqual(
          [...new Set(list.map(reference))].sort(),
        );
      }),
      runs,
    );
  });
});

describe('the words for one policy', () => {
  it.each([
    ['map keys are written in another order', reorderMapKeys],
    ['protocol: TCP is written out or left out', toggleDefaultProtocol],
    [
      'the inferred policyTypes are written out or left out',
      toggleInferredPolicyTypes,
    ],
    ['empty lists are written or left out', swapEmptyAndMissing],
    ['the object carries runtime metadata', addRuntimeMetadata],
    ['order-free lists are reordered', reorderOrderFreeLists],
    ['entries of additive lists are repeated', repeatListEntries],
  ])('stay the same when %s, as the seal does', (_change, change) => {
    fc.assert(
      fc.property(networkPolicy, fc.integer(), (policy, seed) => {
        const changed = change(policy, seededRandom(seed));
        expect(describeNetworkPolicy(changed)).toEqual(
          describeNetworkPolicy(policy),
        );
      }),
      runs,
    );
  });

  it('give one sentence per distinct enforced rule, or one per isolated direction without rules', () => {
    fc.assert(
      fc.property(networkPolicy, policy => {
        const compiled = compilePolicy(policy);
        const { spec } = canonicalize(policy);
        const sentences = describeNetworkPolicy(policy);
        const count = (prefix: string) =>
          sentences.filter(s => s.startsWith(prefix)).length;
        expect(count('Ingress to ')).toBe(
          compiled.affectsIngress ? Math.max(1, spec.ingress.length) : 0,
        );
        expect(count('Egress from ')).toBe(
          compiled.affectsEgress ? Math.max(1, spec.egress.length) : 0,
        );
      }),
      runs,
    );
  });
});
