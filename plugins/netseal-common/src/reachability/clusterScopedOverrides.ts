import {
  ClusterScopedPolicies,
  CompiledClusterScopedPolicy,
  compileClusterScopedPolicy,
  describeCountedKind,
} from './clusterScopedPolicies';
import type { IndexedPod } from './indexCluster';
import type { Labels } from './labelSelector';

/** One pod's side of a connection: the direction it decides, and whether a NetworkPolicy isolates it there. */
export interface PodSide {
  pod: IndexedPod;
  direction: 'ingress' | 'egress';
  /** NetworkPolicies isolate the pod in this direction (in every policy set compared). */
  isolated: boolean;
}

/**
 * Which cluster-scoped policies may decide a pod's traffic instead of its
 * NetworkPolicies, by the tiers' settled order (network-policy-api): the Admin tier
 * (AdminNetworkPolicy, ClusterNetworkPolicy tier Admin) comes before NetworkPolicies, so
 * an Allow or Deny rule of a policy whose subject selects the pod may override them
 * either way, while Pass leaves the decision to them; the Baseline tier
 * (BaselineAdminNetworkPolicy, tier Baseline) comes after, so it decides only traffic
 * of pods no NetworkPolicy isolates in that direction. Kinds counted but not read, and
 * policies that could not be known, may decide anything.
 */
export class ClusterScopedOverrides {
  private readonly policies: readonly CompiledClusterScopedPolicy[];
  /** What may decide every connection: counted kinds and unknown policies. */
  private readonly everywhere: readonly string[];

  constructor(clusterScoped: ClusterScopedPolicies | undefined) {
    this.policies = (clusterScoped?.objects ?? []).map(
      compileClusterScopedPolicy,
    );
    this.everywhere = [
      ...(clusterScoped?.counted ?? [])
        .filter(counted => counted.count > 0)
        .map(counted => describeCountedKind(counted, 'not read by Netseal')),
      ...(clusterScoped?.notKnown ?? []).map(
        reason => `cluster-scoped policies not known (${reason})`,
      ),
    ];
  }

  /** Whether nothing cluster-scoped can override any verdict. */
  get none(): boolean {
    return this.policies.length === 0 && this.everywhere.length === 0;
  }

  /** Everything that may override verdicts of these pod sides, named and sorted; empty when none. */
  of(
    sides: readonly PodSide[],
    namespaceLabels: ReadonlyMap<string, Labels>,
  ): string[] {
    if (this.none || sides.length === 0) return [];
    const names = new Set(this.everywhere);
    for (const policy of this.policies) {
      if (names.has(policy.name)) continue;
      const decides = sides.some(
        side =>
          policy.decides(side.direction) &&
          (policy.tier === 'admin' || !side.isolated) &&
          policy.selects(
            namespaceLabels.get(side.pod.namespace) ?? {},
            side.pod.labels,
          ),
      );
      if (decides) names.add(policy.name);
    }
    return [...names].sort();
  }
}
