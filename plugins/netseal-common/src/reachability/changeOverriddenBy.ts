import type { PodSide } from './clusterScopedOverrides';
import type { ReachabilityModel } from './ReachabilityModel';
import type { AccessChange, AccessParty } from './types';

/**
 * The cluster-scoped policies that may decide a change's flows instead of the
 * NetworkPolicies: the sources' egress and the destinations' ingress. A Baseline-tier
 * policy counts for a pod its NetworkPolicies leave non-isolated before or after.
 */
export function changeOverriddenBy(
  change: AccessChange,
  before: ReachabilityModel,
  after: ReachabilityModel,
): string[] {
  const overrides = before.clusterScopedOverrides();
  if (overrides.none) return [];
  const sides: PodSide[] = [];
  const addSides = (party: AccessParty, direction: PodSide['direction']) => {
    if (party.kind !== 'pods') return;
    for (const reference of party.pods) {
      const pod = before.cluster.podByReference(reference);
      if (!pod) continue;
      sides.push({
        pod,
        direction,
        isolated:
          before.selectionOf(pod)[direction].length > 0 &&
          after.selectionOf(pod)[direction].length > 0,
      });
    }
  };
  addSides(change.from, 'egress');
  addSides(change.to, 'ingress');
  return overrides.of(sides, before.cluster.namespaceLabels);
}
