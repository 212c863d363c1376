import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import * as k8s from '@kubernetes/client-node';
import type {
  ClusterScopedPolicies,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import type { ClusterDetails } from '@netseal/backstage-plugin-netseal-node';
import { ClusterWatcher } from './ClusterWatcher';
import { createKubeConfig } from './createKubeConfig';
import { LiveViewTiming } from './KindInformer';
import {
  ClusterConnection,
  LiveNamespace,
  LivePod,
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
}

const defaultTiming: LiveViewTiming = {
  retry: { initialDelayMs: 1000, maxDelayMs: 30_000 },
  requestTimeoutMs: 60_000,
  watchTimeoutSeconds: 600,
};

/**
 * The live view of every configured cluster, kept by exactly one cluster-wide
 * list+watch per cluster and kind (NetworkPolicies, pods, namespaces): never a request
 * per namespace or entity. Reads come from memory.
 *
 * A failed list or watch is retried with jittered exponential backoff (1 s up to 30 s);
 * a watch resumes from its last resourceVersion, and a 410 Gone makes it list again.
 * After every list a `resynced` event tells consumers to recompute from the full view.
 */
export class KubernetesLiveView implements LiveView {
  private readonly watchers: Map<string, ClusterWatcher>;
  private readonly listeners = new Set<(event: LiveViewEvent) => void>();

  static create(options: KubernetesLiveViewOptions): KubernetesLiveView {
    return new KubernetesLiveView(options);
  }

  private constructor(private readonly options: KubernetesLiveViewOptions) {
    const timing: LiveViewTiming = {
      ...defaultTiming,
      ...options.timing,
      retry: { ...defaultTiming.retry, ...options.timing?.retry },
    };
    const factory = options.kubeConfigFactory ?? createKubeConfig;
    this.watchers = new Map();
    for (const details of options.clusters) {
      if (this.watchers.has(details.name)) {
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
      this.watchers.set(
        details.name,
        new ClusterWatcher({
          name: details.name,
          kubeConfig,
          configurationError,
          logger: options.logger.child({ cluster: details.name }),
          timing,
          emit: event => this.emit(event),
          hasListeners: () => this.listeners.size > 0,
        }),
      );
    }
  }

  /**
   * Starts every cluster's list+watch. Resolves once each cluster has connected or
   * failed its first attempt; failed clusters keep retrying in the background.
   */
  async start(): Promise<void> {
    for (const watcher of this.watchers.values()) watcher.start();
    await Promise.all(
      [...this.watchers.values()].map(watcher => watcher.firstOutcome),
    );
  }

  /** Ends every watch, request and timer. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.watchers.values()].map(watcher => watcher.stop()),
    );
  }

  /**
   * Lists one cluster (or all) afresh, as the scheduled full resync does to recover from
   * watches that silently stopped. Resolves when every list has succeeded or failed.
   */
  async resync(cluster?: string): Promise<void> {
    const targets =
      cluster === undefined
        ? [...this.watchers.values()]
        : [this.watcher(cluster)];
    await Promise.all(targets.map(watcher => watcher.resync()));
  }

  /** Kubernetes API requests sent to a cluster so far: lists, watches and `/version`. */
  requestCount(cluster: string): number {
    return this.watcher(cluster).requestCount;
  }

  clusterNames(): string[] {
    return [...this.watchers.keys()];
  }

  connection(cluster: string): ClusterConnection {
    return this.watcher(cluster).connection;
  }

  networkPolicies(cluster: string): NetworkPolicy[] {
    return this.watcher(cluster).networkPolicies();
  }

  pods(cluster: string): LivePod[] {
    return this.watcher(cluster).pods();
  }

  namespaces(cluster: string): LiveNamespace[] {
    return this.watcher(cluster).namespaces();
  }

  clusterScopedPolicies(cluster: string): ClusterScopedPolicies {
    return this.watcher(cluster).clusterScopedPolicies();
  }

  subscribe(listener: (event: LiveViewEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private watcher(cluster: string): ClusterWatcher {
    const watcher = this.watchers.get(cluster);
    if (!watcher) {
      throw new NotFoundError(
        `No cluster named '${cluster}' is configured; known clusters: ${
          this.clusterNames().join(', ') || '(none)'
        }`,
      );
    }
    return watcher;
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
