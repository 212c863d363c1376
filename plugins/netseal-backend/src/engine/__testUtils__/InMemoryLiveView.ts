import type {
  ClusterScopedPolicies,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import type {
  ClusterConnection,
  ClusterStatus,
  LiveNamespace,
  LivePod,
  LivePolicy,
  LiveView,
  LiveViewEvent,
} from '../../clusters';
import { slimNetworkPolicy } from '../../clusters/liveObjects';

/**
 * A live view held in memory, for engine tests: clusters are configured by name, watched
 * or not, and their objects and connections change when the test says, with the events
 * the real view emits (objects, `resynced` after a list, connection changes,
 * `unwatched`). Policies go through the real view's slimming.
 */
export class InMemoryLiveView implements LiveView {
  private readonly policies = new Map<string, Map<string, LivePolicy>>();
  private readonly connections = new Map<string, ClusterConnection>();
  private readonly watched = new Set<string>();
  private readonly listeners = new Set<(event: LiveViewEvent) => void>();

  constructor(private readonly names: readonly string[]) {
    for (const name of names) {
      this.policies.set(name, new Map());
      this.connections.set(name, { state: 'connecting' });
    }
  }

  /** Watches the cluster; it lists (a `resynced` event) and connects, or fails. */
  watch(cluster: string, policies: NetworkPolicy[] = []): void {
    this.watched.add(cluster);
    const held = this.policies.get(cluster)!;
    held.clear();
    for (const policy of policies) {
      const live = slimNetworkPolicy(JSON.parse(JSON.stringify(policy)));
      held.set(`${live.namespace}/${live.name}`, live);
    }
    const observedAt = new Date();
    this.emit({ type: 'resynced', cluster, kind: 'NetworkPolicy', observedAt });
  }

  connect(cluster: string, connection?: ClusterConnection): void {
    const next = connection ?? { state: 'connected', lastSyncedAt: new Date() };
    this.connections.set(cluster, next);
    this.emit({
      type: 'connection',
      cluster,
      connection: next,
      observedAt: new Date(),
    });
  }

  unwatch(cluster: string): void {
    this.watched.delete(cluster);
    this.policies.get(cluster)!.clear();
    this.connections.set(cluster, { state: 'connecting' });
    this.emit({ type: 'unwatched', cluster, observedAt: new Date() });
  }

  /** An in-place edit (or creation) of a live policy, as a watch reports it. */
  apply(cluster: string, policy: NetworkPolicy): void {
    const live = slimNetworkPolicy(JSON.parse(JSON.stringify(policy)));
    const held = this.policies.get(cluster)!;
    const key = `${live.namespace}/${live.name}`;
    const change = held.has(key) ? 'modified' : 'added';
    held.set(key, live);
    this.emit({
      type: 'object',
      cluster,
      change,
      observedAt: new Date(),
      kind: 'NetworkPolicy',
      object: live,
    });
  }

  clusterNames(): string[] {
    return [...this.names];
  }
  watchedClusters(): string[] {
    return this.names.filter(name => this.watched.has(name));
  }
  connection(cluster: string): ClusterConnection {
    return this.connections.get(cluster)!;
  }
  status(cluster: string): ClusterStatus {
    return {
      connection: this.connection(cluster),
      policyCount: this.livePolicies(cluster).length,
    };
  }
  networkPolicies(cluster: string): NetworkPolicy[] {
    return this.livePolicies(cluster).map(policy => policy.object());
  }
  livePolicies(cluster: string): LivePolicy[] {
    return [...this.policies.get(cluster)!.values()];
  }
  pods(): LivePod[] {
    return [];
  }
  namespaces(): LiveNamespace[] {
    return [];
  }
  async load(): Promise<void> {}
  /** None: the engine does not read them. */
  clusterScopedPolicies(): ClusterScopedPolicies {
    return { objects: [], counted: [] };
  }
  subscribe(listener: (event: LiveViewEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: LiveViewEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
