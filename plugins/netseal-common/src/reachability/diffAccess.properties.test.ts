import fc from 'fast-check';
import type { NetworkPolicy } from '../types';
import {
  cluster,
  NAMESPACE_NAMES,
  namespacedSpecs,
  networkPolicies,
  policySpec,
  probe,
} from './__testUtils__/arbitraries';
import { diffAccess } from './diffAccess';
import { evaluateConnection } from './evaluateConnection';
import { buildReachabilityModel, ReachabilityModel } from './ReachabilityModel';
import type { AccessDiff, ClusterSnapshot, PodReference } from './types';
import type { Probe } from './__testUtils__/arbitraries';

const key = (pod: PodReference) => `${pod.namespace}/${pod.name}`;

/** Every allowed pod pair, by evaluating each pair on its own. */
function allowedPairs(
  model: ReachabilityModel,
  snapshot: ClusterSnapshot,
  { port, protocol, ipFamily }: Probe,
): Set<string> {
  const allowed = new Set<string>();
  for (const from of snapshot.pods) {
    for (const to of snapshot.pods) {
      if (
        typeof port === 'string' &&
        !(to.containerPorts ?? []).some(
          p => p.name === port && (p.protocol ?? 'TCP') === protocol,
        )
      ) {
        continue;
      }
      if (
        evaluateConnection(model, {
          from: { pod: from },
          to: { pod: to },
          port,
          protocol,
          ipFamily,
        }).allowed
      ) {
        allowed.add(`${key(from)} -> ${key(to)}`);
      }
    }
  }
  return allowed;
}

/** The pod pairs the grouped changes stand for; fails if a pair is listed twice. */
function expand(diff: AccessDiff, kind: 'opened' | 'closed'): Set<string> {
  const pairs = new Set<string>();
  for (const change of diff.changes.filter(c => c.change === kind)) {
    if (change.from.kind !== 'pods' || change.to.kind !== 'pods') continue;
    for (const from of change.from.pods) {
      for (const to of change.to.pods) {
        const pair = `${key(from)} -> ${key(to)}`;
        expect(pairs.has(pair)).toBe(false);
        pairs.add(pair);
      }
    }
  }
  return pairs;
}

const twoPolicySets = fc.record({
  snapshot: cluster,
  after: namespacedSpecs(4).map(specs => networkPolicies(specs, 'q')),
  probe,
});

describe('diffAccess, for any cluster and two policy sets', () => {
  it('lists every flow that opens or closes exactly once, and nothing else', () => {
    fc.assert(
      fc.property(twoPolicySets, ({ snapshot, after, probe: p }) => {
        const before = buildReachabilityModel(snapshot);
        const diff = diffAccess(before, after, p);
        const old = allowedPairs(before, snapshot, p);
        const next = allowedPairs(before.withPolicies(after), snapshot, p);
        const opened = expand(diff, 'opened');
        const closed = expand(diff, 'closed');
        expect([...opened].sort()).toEqual(
          [...next].filter(pair => !old.has(pair)).sort(),
        );
        expect([...closed].sort()).toEqual(
          [...old].filter(pair => !next.has(pair)).sort(),
        );
        // opened ∪ (allowed before and after) = allowed after
        const unchanged = [...old].filter(pair => next.has(pair));
        expect(new Set([...opened, ...unchanged])).toEqual(next);
        expect(diff.openedFlows).toBe(opened.size);
        expect(diff.closedFlows).toBe(closed.size);
        expect(diff.changes.length).toBeLessThanOrEqual(
          opened.size + closed.size,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('is the mirror image of the diff the other way round', () => {
    fc.assert(
      fc.property(twoPolicySets, ({ snapshot, after, probe: p }) => {
        const forth = diffAccess(snapshot, after, p);
        const back = diffAccess(
          { ...snapshot, policies: after },
          snapshot.policies,
          p,
        );
        expect(back.openedFlows).toBe(forth.closedFlows);
        expect(back.closedFlows).toBe(forth.openedFlows);
      }),
    );
  });

  it('never closes a flow when the added policy selects only pods already isolated its ways', () => {
    fc.assert(
      fc.property(
        cluster,
        fc.constantFrom(...NAMESPACE_NAMES),
        policySpec,
        probe,
        (snapshot, namespace, spec, p) => {
          const isolateAll: NetworkPolicy = {
            apiVersion: 'networking.k8s.io/v1',
            kind: 'NetworkPolicy',
            metadata: { namespace, name: 'deny-all' },
            spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
          };
          const before = {
            ...snapshot,
            policies: [...snapshot.policies, isolateAll],
          };
          const added = networkPolicies([{ namespace, spec }], 'added');
          expect(
            diffAccess(before, [...before.policies, ...added], p).closedFlows,
          ).toBe(0);
        },
      ),
    );
  });

  it('never opens a flow when the added policy selects only pods no policy isolated', () => {
    fc.assert(
      fc.property(
        cluster,
        fc.constantFrom(...NAMESPACE_NAMES),
        policySpec,
        probe,
        (snapshot, namespace, spec, p) => {
          const before = {
            ...snapshot,
            policies: snapshot.policies.filter(
              policy => policy.metadata.namespace !== namespace,
            ),
          };
          const added = networkPolicies([{ namespace, spec }], 'added');
          expect(
            diffAccess(before, [...before.policies, ...added], p).openedFlows,
          ).toBe(0);
        },
      ),
    );
  });
});
