import { CompiledPolicy, compilePolicy } from '../reachability/compilePolicy';
import type { ClusterPod } from '../reachability/types';
import type { NetworkPolicy } from '../types';

/** The pods a removal leaves open to all traffic in one direction. @public */
export interface NonIsolatedPods {
  direction: 'ingress' | 'egress';
  /** `namespace/name` of each pod, sorted. */
  pods: string[];
}

/**
 * The live pods that `removed` isolates and that no policy left after the removal
 * isolates in the same direction: once it is gone, Kubernetes lets every flow reach
 * them (ingress) or leave them (egress). Such a removal needs the requester's explicit
 * acknowledgement, because it opens a pod rather than changing what it may reach.
 * A policy that cannot be compiled is treated as isolating nothing, so its removal is
 * judged as the worst case.
 *
 * @public
 */
export function podsLeftNonIsolated(options: {
  removed: NetworkPolicy;
  /** The cluster's policies once the request is rolled out (without `removed`). */
  remaining: readonly NetworkPolicy[];
  pods: readonly ClusterPod[];
}): NonIsolatedPods[] {
  let removed: CompiledPolicy;
  try {
    removed = compilePolicy(options.removed);
  } catch {
    return [];
  }
  const inNamespace = options.remaining.flatMap(policy => {
    if (policy.metadata?.namespace !== removed.namespace) return [];
    try {
      return [compilePolicy(policy)];
    } catch {
      return [];
    }
  });
  const selected = options.pods.filter(
    pod =>
      pod.namespace === removed.namespace &&
      removed.podSelector.matches(pod.labels ?? {}),
  );
  const result: NonIsolatedPods[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const affects = (policy: CompiledPolicy): boolean =>
      direction === 'ingress' ? policy.affectsIngress : policy.affectsEgress;
    if (!affects(removed)) continue;
    const open = selected
      .filter(
        pod =>
          !inNamespace.some(
            policy =>
              affects(policy) && policy.podSelector.matches(pod.labels ?? {}),
          ),
      )
      .map(pod => `${pod.namespace}/${pod.name}`)
      .sort();
    if (open.length > 0) result.push({ direction, pods: open });
  }
  return result;
}
