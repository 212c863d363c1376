import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import * as k8s from '@kubernetes/client-node';
import type {
  ClusterScopedPolicies,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import type { ClusterDetails } from '@netseal/backstage-plugin-netseal-node';
import { ClusterSnapshot } from './ClusterSnapshot';
import { ClusterWatcher } from './ClusterWatcher';
import { createKubeConfig } from './createKubeConfig';
import { LiveViewTiming } from './KindInformer';
import {
  ClusterConnection,
  ClusterStatus,
  LiveNamespace,
  LivePod,
  LivePolicy,
  LiveView,
  LiveViewEvent,
} from './LiveView';

/** Options of {@link KubernetesLiveView.create}. */
export interface KubernetesLiveViewOptions {
  clusters: ClusterDetails[];
  logger: LoggerService;
  /** Builds the client configuration of a cluster; {@link createKubeConfig} by default. */
  kubeConfigFactory?: (details: ClusterDetails) => k8s.KubeConfig;
  /** Retry, request and watch bounds; the defaults suit production. */
  timing?: Partial<Omit<LiveViewTiming, 'retry'>> & {
    retry?: Partial<LiveViewTiming['retry']>;
  };
  /** How long a cluster listed by `load` is kept (default 30 s). */
  snapshotTtlMs?: number;
}

const defaultTiming: LiveViewTiming = {
  retry: { initialDelayMs: 1000, maxDelayMs: 30_000 },
  requestTimeoutMs: 60_000,
  watchTimeoutSeconds: 600,
};

const DEFAULT_SNAPSHOT_TTL_MS = 30_000;

const NOT_READ_HERE: ClusterConnection = { state: 'connecting' };

interface ClusterEntry {
  details: ClusterDetails;
  kubeConfig?: k8s.KubeConfig;
  configurationError?: unknown;
  /** Present while this replica watches the cluster. */
  watcher?: ClusterWatcher;
  /** Requests sent to the cluster by earlier watchers and snapshots. */
  earlierRequests: number;
  snapshot?: { value: ClusterSnapshot; timer: NodeJS.Timeout };
  loading?: Promise<void>;
  /** What the replica that watches the cluster last reported. */
  reported?: ClusterStatus;
}

/**
 * The live view of every configured cluster, kept by exactly one cluster-wide
 * list+watch per cluster and kind (NetworkPolicies, pods, namespaces): never a request
 * per namespace or entity. Reads come from memory.
 *
 * A failed list or watch is retried with jittered exponential backoff (1 s up to 30 s);
 * a watch resumes from its last resourceVersion, and a 410 Gone makes it list again.
 * After every list a `resynced` event tells consumers to recompute from the full view.
 *
 * `start` watches every cluster. With several replicas, `watch` and `unwatch` say which
 * clusters this one watches (the cluster leases decide); the others are read on demand
 * with `load`, and shown as their watcher reported them (`setReported`).
 */
export class KubernetesLiveView implements LiveView {
  private readonly clusters: Map<string, ClusterEntry>;
  private readonly listeners = new Set<(event: LiveViewEvent) => void>();
  private readonly timing: LiveViewTiming;
  private readonly snapshotTtlMs: number;
  /** Aborts the snapshots being taken when the view stops. */
  private stopSignal = new AbortController();

  static create(options: KubernetesLiveViewOptions): KubernetesLiveView {
    return new KubernetesLiveView(options);
  }

  private constructor(private readonly options: KubernetesLiveViewOptions) {
    this.timing = {
      ...defaultTiming,
      ...options.timing,
      retry: { ...defaultTiming.retry, ...options.timing?.retry },
    };
    this.snapshotTtlMs = options.snapshotTtlMs ?? DEFAULT_SNAPSHOT_TTL_MS;
    const factory = options.kubeConfigFactory ?? createKubeConfig;
    this.clusters = new Map();
    for (const details of options.clusters) {
      if (this.clusters.has(details.name)) {
        throw new InputError(
          `Cluster name '${details.name}' is supplied twice; give every cluster a unique name`,
        );
      }
      let kubeConfig: k8s.KubeConfig | undefined;
      let configurationError: unknown;
      try {
        kubeConfig = factory(details);
      } catch (error) {
        configurationError = error;
      }
      this.clusters.set(details.name, {
        details,
        kubeConfig,
        configurationError,
        earlierRequests: 0,
      });
    }
  }

  /**
   * Starts every cluster's list+watch. Resolves once each cluster has connected or
   * failed its first attempt; failed clusters keep retrying in the background.
   */
  async start(): Promise<void> {
    await this.watch(this.clusterNames());
  }

  /**
   * Starts watching these clusters, unless watched already. Resolves once each has
   * connected or failed its first attempt.
   */
  async watch(clusters: readonly string[]): Promise<void> {
    if (this.stopSignal.signal.aborted) this.stopSignal = new AbortController();
    const started: ClusterWatcher[] = [];
    for (const name of clusters) {
      const entry = this.entry(name);
      if (entry.watcher) {
        started.push(entry.watcher);
        continue;
      }
      this.dropSnapshot(entry);
      entry.watcher = new ClusterWatcher({
        name,
        kubeConfig: entry.kubeConfig,
        configurationError: entry.configurationError,
        logger: this.options.logger.child({ cluster: name }),
        timing: this.timing,
        emit: event => this.emit(event),
        hasListeners: () => this.listeners.size > 0,
      });
      entry.watcher.start();
      started.push(entry.watcher);
    }
    await Promise.all(started.map(watcher => watcher.firstOutcome));
  }

  /**
   * Stops watching these clusters and forgets their live state; consumers are told with
   * an `unwatched` event. Resolves once no request to them is open.
   */
  async unwatch(clusters: readonly string[]): Promise<void> {
    await Promise.all(
      clusters.map(async name => {
        const entry = this.entry(name);
        const watcher = entry.watcher;
        if (!watcher) return;
        entry.watcher = undefined;
        await watcher.stop();
        entry.earlierRequests += watcher.requestCount;
        this.emit({ type: 'unwatched', cluster: name, observedAt: new Date() });
      }),
    );
  }

  /** Ends every watch, request and timer. */
  async stop(): Promise<void> {
    this.stopSignal.abort();
    for (const entry of this.clusters.values()) this.dropSnapshot(entry);
    await this.unwatch(this.watchedClusters());
    await Promise.all([...this.clusters.values()].map(entry => entry.loading));
  }

  /**
   * Lists one cluster (or every watched one) afresh, as the scheduled full resync does to
   * recover from watches that silently stopped. Resolves when every list has succeeded
   * or failed. A cluster this replica does not watch is left alone.
   */
  async resync(cluster?: string): Promise<void> {
    const targets =
      cluster === undefined
        ? [...this.clusters.values()]
        : [this.entry(cluster)];
    await Promise.all(targets.map(entry => entry.watcher?.resync()));
  }

  /** Kubernetes API requests sent to a cluster so far: lists, watches and `/version`. */
  requestCount(cluster: string): number {
    const entry = this.entry(cluster);
    return entry.earlierRequests + (entry.watcher?.requestCount ?? 0);
  }

  /**
   * What the replica watching a cluster last reported about it, for `status`; ignored
   * while this replica watches it.
   */
  setReported(cluster: string, status: ClusterStatus | undefined): void {
    const entry = this.clusters.get(cluster);
    if (entry) entry.reported = status;
  }

  clusterNames(): string[] {
    return [...this.clusters.keys()];
  }

  watchedClusters(): string[] {
    return [...this.clusters.values()]
      .filter(entry => entry.watcher)
      .map(entry => entry.details.name);
  }

  connection(cluster: string): ClusterConnection {
    const entry = this.entry(cluster);
    return (
      entry.watcher?.connection ??
      entry.snapshot?.value.connection ??
      NOT_READ_HERE
    );
  }

  status(cluster: string): ClusterStatus {
    const entry = this.entry(cluster);
    if (entry.watcher) {
      return {
        connection: entry.watcher.connection,
        policyCount: entry.watcher.livePolicies().length,
        clusterScopedPolicies: entry.watcher.clusterScopedPolicies(),
      };
    }
    return (
      entry.reported ?? {
        connection: this.connection(cluster),
        policyCount: this.livePolicies(cluster).length,
      }
    );
  }

  networkPolicies(cluster: string): NetworkPolicy[] {
    return this.livePolicies(cluster).map(policy => policy.object());
  }

  livePolicies(cluster: string): LivePolicy[] {
    const entry = this.entry(cluster);
    return (
      entry.watcher?.livePolicies() ??
      entry.snapshot?.value.livePolicies() ??
      []
    );
  }

  pods(cluster: string): LivePod[] {
    const entry = this.entry(cluster);
    return entry.watcher?.pods() ?? entry.snapshot?.value.pods() ?? [];
  }

  namespaces(cluster: string): LiveNamespace[] {
    const entry = this.entry(cluster);
    return (
      entry.watcher?.namespaces() ?? entry.snapshot?.value.namespaces() ?? []
    );
  }

  async load(clusters: readonly string[]): Promise<void> {
    await Promise.all(
      clusters.map(name => {
        const entry = this.clusters.get(name);
        if (!entry || entry.watcher || entry.snapshot) return undefined;
        entry.loading ??= this.takeSnapshot(entry).finally(() => {
          entry.loading = undefined;
        });
        return entry.loading;
      }),
    );
  }

  clusterScopedPolicies(cluster: string): ClusterScopedPolicies {
    const entry = this.entry(cluster);
    return (
      entry.watcher?.clusterScopedPolicies() ??
      entry.snapshot?.value.clusterScoped ??
      entry.reported?.clusterScopedPolicies ?? {
        objects: [],
        counted: [],
        notKnown: ['no replica has reported the cluster yet'],
      }
    );
  }

  subscribe(listener: (event: LiveViewEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private async takeSnapshot(entry: ClusterEntry): Promise<void> {
    if (this.stopSignal.signal.aborted) return;
    const snapshot = await ClusterSnapshot.take({
      cluster: entry.details.name,
      kubeConfig: entry.kubeConfig,
      configurationError: entry.configurationError,
      timing: this.timing,
      logger: this.options.logger.child({ cluster: entry.details.name }),
      signal: this.stopSignal.signal,
      countRequest: () => {
        entry.earlierRequests += 1;
      },
    });
    // Watched meanwhile, or stopped: the snapshot is not needed.
    if (entry.watcher || this.stopSignal.signal.aborted) return;
    this.dropSnapshot(entry);
    const timer = setTimeout(
      () => this.dropSnapshot(entry),
      this.snapshotTtlMs,
    );
    timer.unref();
    entry.snapshot = { value: snapshot, timer };
  }

  private dropSnapshot(entry: ClusterEntry): void {
    if (!entry.snapshot) return;
    clearTimeout(entry.snapshot.timer);
    entry.snapshot = undefined;
  }

  private entry(cluster: string): ClusterEntry {
    const entry = this.clusters.get(cluster);
    if (!entry) {
      throw new NotFoundError(
        `No cluster named '${cluster}' is configured; known clusters: ${
          this.clusterNames().join(', ') || '(none)'
        }`,
      );
    }
    return entry;
  }

  private emit(event: LiveViewEvent) {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.options.logger.error(
          `A live view listener failed on a ${event.type} event of cluster ${event.cluster}`,
          error instanceof Error ? error : undefined,
        );
      }
    }
  }
}
