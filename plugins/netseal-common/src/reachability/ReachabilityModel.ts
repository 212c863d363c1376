import type { NetworkPolicy } from '../types';
import { ClusterScopedOverrides } from './clusterScopedOverrides';
import { CompiledPolicy, compilePolicy } from './compilePolicy';
import { ClusterIndex, IndexedPod, indexCluster } from './indexCluster';
import { PodClassPartition } from './PodClassPartition';
import { ReachabilityInputError } from './ReachabilityInputError';
import type { ClusterSnapshot, PodReference, PolicyReference } from './types';

interface PodSelection {
  readonly ingress: readonly CompiledPolicy[];
  readonly egress: readonly CompiledPolicy[];
}

/** Policies that isolate a pod, per direction; empty means not isolated. @public */
export interface PodIsolation {
  ingressIsolatedBy: PolicyReference[];
  egressIsolatedBy: PolicyReference[];
}

/**
 * A snapshot compiled for reachability questions: build it once with
 * {@link buildReachabilityModel}, then ask {@link evaluateConnection},
 * {@link computeAccessMatrix} or {@link diffAccess} as often as needed.
 * @public
 */
export class ReachabilityModel {
  /** @internal */
  readonly cluster: ClusterIndex;
  /** @internal */
  readonly policies: readonly CompiledPolicy[];
  private readonly selections: PodSelection[];
  private readonly compiled: WeakMap<NetworkPolicy, CompiledPolicy>;
  private ownPartition?: PodClassPartition;
  private overrides?: ClusterScopedOverrides;
  private readonly jointPartitions = new WeakMap<
    ReachabilityModel,
    PodClassPartition
  >();

  /** @internal */
  constructor(
    readonly snapshot: ClusterSnapshot,
    cluster?: ClusterIndex,
    compiled?: WeakMap<NetworkPolicy, CompiledPolicy>,
  ) {
    this.cluster = cluster ?? indexCluster(snapshot);
    this.compiled = compiled ?? new WeakMap();
    const identities = new Set<string>();
    this.policies = snapshot.policies.map(policy => {
      let compiledPolicy = this.compiled.get(policy);
      if (!compiledPolicy) {
        compiledPolicy = compilePolicy(policy);
        this.compiled.set(policy, compiledPolicy);
      }
      const identity = `${compiledPolicy.namespace}/${compiledPolicy.reference.name}`;
      if (identities.has(identity)) {
        throw new ReachabilityInputError(
          `NetworkPolicy ${identity} appears twice in the policy set; a namespace holds one policy per name`,
        );
      }
      identities.add(identity);
      return compiledPolicy;
    });

    // Selection is per pod, not per pair: each pod learns once which policies select it.
    const podsInNamespace = new Map<string, IndexedPod[]>();
    for (const pod of this.cluster.pods) {
      const pods = podsInNamespace.get(pod.namespace) ?? [];
      pods.push(pod);
      podsInNamespace.set(pod.namespace, pods);
    }
    const ingress = this.cluster.pods.map((): CompiledPolicy[] => []);
    const egress = this.cluster.pods.map((): CompiledPolicy[] => []);
    for (const policy of this.policies) {
      for (const pod of podsInNamespace.get(policy.namespace) ?? []) {
        if (!policy.podSelector.matches(pod.labels)) continue;
        if (policy.affectsIngress) ingress[pod.index].push(policy);
        if (policy.affectsEgress) egress[pod.index].push(policy);
      }
    }
    this.selections = this.cluster.pods.map(pod => ({
      ingress: ingress[pod.index],
      egress: egress[pod.index],
    }));
  }

  /**
   * The same namespaces and pods under another set of policies. Compiled policies and
   * indexes are shared, so a model per proposed change is cheap.
   */
  withPolicies(policies: NetworkPolicy[]): ReachabilityModel {
    return new ReachabilityModel(
      { ...this.snapshot, policies },
      this.cluster,
      this.compiled,
    );
  }

  /** Which policies isolate a pod; the rollout guard checks that this never empties. */
  isolationOf(pod: PodReference): PodIsolation {
    const indexed = this.podOrThrow(pod);
    const selection = this.selections[indexed.index];
    return {
      ingressIsolatedBy: selection.ingress.map(policy => policy.reference),
      egressIsolatedBy: selection.egress.map(policy => policy.reference),
    };
  }

  /** @internal What may override this model's verdicts: the snapshot's cluster-scoped policies. */
  clusterScopedOverrides(): ClusterScopedOverrides {
    this.overrides ??= new ClusterScopedOverrides(this.snapshot.clusterScoped);
    return this.overrides;
  }

  /** @internal */
  podOrThrow(pod: PodReference): IndexedPod {
    const indexed = this.cluster.podByReference(pod);
    if (!indexed) {
      throw new ReachabilityInputError(
        `pod ${pod.namespace}/${pod.name} is not in the snapshot; name a pod the snapshot lists`,
      );
    }
    return indexed;
  }

  /** @internal */
  selectionOf(pod: IndexedPod): PodSelection {
    return this.selections[pod.index];
  }

  /** @internal The partition for this model's own policies, built on first use. */
  partition(): PodClassPartition {
    this.ownPartition ??= new PodClassPartition(this.cluster, [this.policies]);
    return this.ownPartition;
  }

  /** @internal A partition that both this model's and `other`'s policies respect. */
  jointPartition(other: ReachabilityModel): PodClassPartition {
    if (other.cluster !== this.cluster) {
      throw new ReachabilityInputError(
        'the two models describe different snapshots; derive one from the other with withPolicies',
      );
    }
    let partition = this.jointPartitions.get(other);
    if (!partition) {
      partition = new PodClassPartition(this.cluster, [
        this.policies,
        other.policies,
      ]);
      this.jointPartitions.set(other, partition);
    }
    return partition;
  }
}

/**
 * Compiles a snapshot. Throws a {@link ReachabilityInputError} naming the object and field
 * when a namespace, pod or policy is malformed.
 * @public
 */
export function buildReachabilityModel(
  snapshot: ClusterSnapshot,
): ReachabilityModel {
  return new ReachabilityModel(snapshot);
}

/** @internal */
export function toReachabilityModel(
  input: ReachabilityModel | ClusterSnapshot,
): ReachabilityModel {
  return input instanceof ReachabilityModel
    ? input
    : new ReachabilityModel(input);
}
