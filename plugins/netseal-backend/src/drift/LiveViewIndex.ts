import type {
  LabelSelector,
  LivePod,
  NetworkPolicy,
  ServicePods,
} from '@netseal/backstage-plugin-netseal-common';

/**
 * What one cluster holds right now, as its informers report it: NetworkPolicies by
 * namespace, pods by namespace and by label. Kept up to date event by event, so checking
 * one service reads only that service's namespaces and pods, never the whole cluster.
 * Pure: no I/O, no clock.
 */
export class LiveViewIndex {
  private readonly policiesByNamespace = new Map<
    string,
    Map<string, NetworkPolicy>
  >();
  private readonly podsByNamespace = new Map<string, Map<string, LivePod>>();
  /** `key=value` label pair to the pods carrying it, identified by namespace/name. */
  private readonly podsByLabel = new Map<string, Map<string, LivePod>>();

  /** Starts over from a full list, as after an informer's (re)list. */
  replaceAll(state: {
    policies: readonly NetworkPolicy[];
    pods: readonly LivePod[];
  }): void {
    this.policiesByNamespace.clear();
    this.podsByNamespace.clear();
    this.podsByLabel.clear();
    state.policies.forEach(policy => this.upsertPolicy(policy));
    state.pods.forEach(pod => this.upsertPod(pod));
  }

  upsertPolicy(policy: NetworkPolicy): void {
    const namespace = policy.metadata?.namespace ?? '';
    const name = policy.metadata?.name ?? '';
    let policies = this.policiesByNamespace.get(namespace);
    if (!policies) {
      policies = new Map();
      this.policiesByNamespace.set(namespace, policies);
    }
    policies.set(name, policy);
  }

  deletePolicy(namespace: string, name: string): void {
    const policies = this.policiesByNamespace.get(namespace);
    policies?.delete(name);
    if (policies?.size === 0) {
      this.policiesByNamespace.delete(namespace);
    }
  }

  upsertPod(pod: LivePod): void {
    this.deletePod(pod.namespace, pod.name);
    let pods = this.podsByNamespace.get(pod.namespace);
    if (!pods) {
      pods = new Map();
      this.podsByNamespace.set(pod.namespace, pods);
    }
    const id = podId(pod.namespace, pod.name);
    pods.set(pod.name, pod);
    for (const pair of labelPairs(pod.labels)) {
      let carriers = this.podsByLabel.get(pair);
      if (!carriers) {
        carriers = new Map();
        this.podsByLabel.set(pair, carriers);
      }
      carriers.set(id, pod);
    }
  }

  deletePod(namespace: string, name: string): void {
    const pods = this.podsByNamespace.get(namespace);
    const pod = pods?.get(name);
    if (!pods || !pod) {
      return;
    }
    pods.delete(name);
    if (pods.size === 0) {
      this.podsByNamespace.delete(namespace);
    }
    const id = podId(namespace, name);
    for (const pair of labelPairs(pod.labels)) {
      const carriers = this.podsByLabel.get(pair);
      carriers?.delete(id);
      if (carriers?.size === 0) {
        this.podsByLabel.delete(pair);
      }
    }
  }

  /** The live policy with this namespace and name, if any. */
  policy(namespace: string, name: string): NetworkPolicy | undefined {
    return this.policiesByNamespace.get(namespace)?.get(name);
  }

  /** Every live policy of these namespaces. */
  policiesIn(namespaces: Iterable<string>): NetworkPolicy[] {
    const policies: NetworkPolicy[] = [];
    for (const namespace of new Set(namespaces)) {
      policies.push(
        ...(this.policiesByNamespace.get(namespace)?.values() ?? []),
      );
    }
    return policies;
  }

  /**
   * Pods that may be the service's: a superset, narrowed by one `matchLabels` pair when
   * the selector has one (the `backstage.io/kubernetes-id` case) and by the namespace.
   * computeDrift applies the full selector.
   */
  candidatePods(servicePods: ServicePods): LivePod[] {
    const pair = firstLabelPair(servicePods.selector);
    let candidates: Iterable<LivePod>;
    if (pair !== undefined) {
      candidates = this.podsByLabel.get(pair)?.values() ?? [];
    } else if (servicePods.namespace !== undefined) {
      candidates =
        this.podsByNamespace.get(servicePods.namespace)?.values() ?? [];
    } else {
      candidates = [...this.podsByNamespace.values()].flatMap(pods => [
        ...pods.values(),
      ]);
    }
    const pods = [...candidates];
    return servicePods.namespace === undefined
      ? pods
      : pods.filter(pod => pod.namespace === servicePods.namespace);
  }
}

// Namespaces and names never contain '/', so the pair is unambiguous.
function podId(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function labelPairs(labels: LivePod['labels']): string[] {
  return Object.entries(labels ?? {}).map(([key, value]) =>
    JSON.stringify([key, value]),
  );
}

function firstLabelPair(selector: LabelSelector): string | undefined {
  const entries = Object.entries(selector.matchLabels ?? {});
  return entries.length === 0 ? undefined : JSON.stringify(entries[0]);
}
