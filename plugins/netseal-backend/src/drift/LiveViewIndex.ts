import type {
  FieldWriter,
  LabelSelector,
  LivePod,
  NetworkPolicy,
  ServicePods,
} from '@netseal/backstage-plugin-netseal-common';

/**
 * A live NetworkPolicy as the index holds it: its identity and live digest, and the
 * whole object on demand. The live view keeps policies in this compact form; a check
 * asks for the object only for the few policies it compares field by field.
 */
export interface IndexedLivePolicy {
  readonly namespace: string;
  readonly name: string;
  /** `computeSeal` of the object. */
  readonly digest: string;
  /** The object, a fresh copy on each call. */
  object(): NetworkPolicy;
  /** Its managedFields as attribution reads them; absent or empty when unknown. */
  writers?(): FieldWriter[];
}

/**
 * What one cluster holds right now, as its informers report it: NetworkPolicies by
 * namespace, pods by namespace and by label. Kept up to date event by event, so checking
 * one service reads only that service's namespaces and pods, never the whole cluster.
 * It holds references to the live view's own entries, never copies. Pure: no I/O, no
 * clock.
 */
export class LiveViewIndex {
  private readonly policiesByNamespace = new Map<
    string,
    Map<string, IndexedLivePolicy>
  >();
  private readonly podsByNamespace = new Map<string, Map<string, LivePod>>();
  /** `key=value` label pair to the pods carrying it. */
  private readonly podsByLabel = new Map<string, Set<LivePod>>();

  /** Starts over from a full list, as after an informer's (re)list. */
  replaceAll(state: {
    policies: readonly IndexedLivePolicy[];
    pods: readonly LivePod[];
  }): void {
    this.replacePolicies(state.policies);
    this.replacePods(state.pods);
  }

  /** Starts the policies over from a full list of them. */
  replacePolicies(policies: readonly IndexedLivePolicy[]): void {
    this.policiesByNamespace.clear();
    policies.forEach(policy => this.upsertPolicy(policy));
  }

  /** Starts the pods over from a full list of them. */
  replacePods(pods: readonly LivePod[]): void {
    this.podsByNamespace.clear();
    this.podsByLabel.clear();
    pods.forEach(pod => this.upsertPod(pod));
  }

  upsertPolicy(policy: IndexedLivePolicy): void {
    let policies = this.policiesByNamespace.get(policy.namespace);
    if (!policies) {
      policies = new Map();
      this.policiesByNamespace.set(policy.namespace, policies);
    }
    policies.set(policy.name, policy);
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
    pods.set(pod.name, pod);
    for (const pair of labelPairs(pod.labels)) {
      let carriers = this.podsByLabel.get(pair);
      if (!carriers) {
        carriers = new Set();
        this.podsByLabel.set(pair, carriers);
      }
      carriers.add(pod);
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
    for (const pair of labelPairs(pod.labels)) {
      const carriers = this.podsByLabel.get(pair);
      carriers?.delete(pod);
      if (carriers?.size === 0) {
        this.podsByLabel.delete(pair);
      }
    }
  }

  /** The live policy with this namespace and name, if any. */
  policy(namespace: string, name: string): IndexedLivePolicy | undefined {
    return this.policiesByNamespace.get(namespace)?.get(name);
  }

  /** Every live policy of these namespaces. */
  policiesIn(namespaces: Iterable<string>): IndexedLivePolicy[] {
    const policies: IndexedLivePolicy[] = [];
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
      candidates = this.podsByLabel.get(pair) ?? [];
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

// Label keys never contain '=' (a DNS prefix and a name); a selector holding one anyway
// only widens the candidates, which computeDrift narrows with the full selector.
function labelPair(key: string, value: string): string {
  return `${key}=${value}`;
}

function labelPairs(labels: LivePod['labels']): string[] {
  return Object.entries(labels ?? {}).map(([key, value]) =>
    labelPair(key, value),
  );
}

function firstLabelPair(selector: LabelSelector): string | undefined {
  const entries = Object.entries(selector.matchLabels ?? {});
  return entries.length === 0
    ? undefined
    : labelPair(entries[0][0], entries[0][1]);
}
