import { LoggerService } from '@backstage/backend-plugin-api';
import * as k8s from '@kubernetes/client-node';
import type { ClusterScopedPolicies } from '@netseal/backstage-plugin-netseal-common';
import { ClusterScopedPolicyView } from './ClusterScopedPolicyView';
import { KindInformer, LiveViewTiming } from './KindInformer';
import { liveKindDefinitions } from './liveKindDefinitions';
import {
  CachedNamespace,
  CachedObject,
  CachedPod,
  CachedPolicy,
} from './liveObjects';
import {
  ClusterConnection,
  LIVE_KINDS,
  LiveKind,
  LiveObjectChange,
  LiveViewEvent,
} from './LiveView';
import { requestRaw } from './requestRaw';

function liveChange(kind: LiveKind, object: CachedObject): LiveObjectChange {
  switch (kind) {
    case 'NetworkPolicy':
      return { kind, object: object as CachedPolicy };
    case 'Pod':
      return { kind, object: object as CachedPod };
    default:
      return { kind: 'Namespace', object: object as CachedNamespace };
  }
}

export interface ClusterWatcherOptions {
  name: string;
  /** Undefined when the cluster's client configuration could not be built. */
  kubeConfig?: k8s.KubeConfig;
  /** Why the client configuration could not be built. */
  configurationError?: unknown;
  logger: LoggerService;
  timing: LiveViewTiming;
  emit(event: LiveViewEvent): void;
  hasListeners(): boolean;
}

/** The live view of one cluster: one informer per kind and the cluster's connection. */
export class ClusterWatcher {
  readonly name: string;
  private current: ClusterConnection = { state: 'connecting' };
  private requests = 0;
  private readonly informers = new Map<LiveKind, KindInformer>();
  private readonly clusterScoped?: ClusterScopedPolicyView;
  private outageSince: Date | undefined;
  private lastSyncedAt: Date | undefined;
  /** Bumped whenever the cluster stops being in sync; a late version answer is dropped. */
  private epoch = 0;
  private versionRequest: Promise<void> | undefined;
  private stopped = false;
  private stopSignal = new AbortController();
  private settledFirst: () => void = () => {};
  /** Resolves when the first attempt has either connected or failed. */
  readonly firstOutcome: Promise<void>;

  constructor(private readonly options: ClusterWatcherOptions) {
    this.name = options.name;
    this.firstOutcome = new Promise<void>(resolve => {
      this.settledFirst = resolve;
    });
    const { kubeConfig } = options;
    if (kubeConfig) {
      for (const kind of LIVE_KINDS) {
        this.informers.set(
          kind,
          new KindInformer({
            cluster: options.name,
            definition: liveKindDefinitions[kind],
            kubeConfig,
            logger: options.logger,
            timing: options.timing,
            countRequest: () => {
              this.requests += 1;
            },
            onObjectChange: (change, object) =>
              this.objectChanged(kind, change, object),
            onListed: () =>
              options.emit({
                type: 'resynced',
                cluster: this.name,
                kind,
                observedAt: new Date(),
              }),
            onStatusChange: () => this.recompute(),
          }),
        );
      }
    }
    if (kubeConfig) {
      this.clusterScoped = new ClusterScopedPolicyView({
        cluster: options.name,
        kubeConfig,
        logger: options.logger,
        timing: options.timing,
        countRequest: () => {
          this.requests += 1;
        },
      });
    }
  }

  get connection(): ClusterConnection {
    return this.current;
  }

  get requestCount(): number {
    return this.requests;
  }

  livePolicies(): CachedPolicy[] {
    return this.objects('NetworkPolicy') as CachedPolicy[];
  }

  pods(): CachedPod[] {
    return this.objects('Pod') as CachedPod[];
  }

  namespaces(): CachedNamespace[] {
    return this.objects('Namespace') as CachedNamespace[];
  }

  private objects(kind: LiveKind): CachedObject[] {
    return [...(this.informers.get(kind)?.objects() ?? [])];
  }

  clusterScopedPolicies(): ClusterScopedPolicies {
    return (
      this.clusterScoped?.policies() ?? {
        objects: [],
        counted: [],
        notKnown: ['the client configuration could not be built'],
      }
    );
  }

  start() {
    this.stopped = false;
    this.stopSignal = new AbortController();
    if (this.informers.size === 0) {
      const error = this.options.configurationError;
      const message = error instanceof Error ? error.message : String(error);
      this.publish({
        state: 'unreachable',
        reason: `cluster ${
          this.name
        } unreachable: the client configuration could not be built: ${
          message.split('\n')[0]
        }`,
        since: new Date(),
      });
      this.settledFirst();
      return;
    }
    for (const informer of this.informers.values()) informer.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopSignal.abort();
    await Promise.all([
      ...[...this.informers.values()].map(informer => informer.stop()),
      this.clusterScoped?.stop(),
    ]);
    await this.versionRequest;
    this.settledFirst();
  }

  /** Lists every kind afresh; resolves when each list has succeeded or failed. */
  async resync(): Promise<void> {
    if (this.stopped) return;
    await Promise.all([
      ...[...this.informers.values()].map(informer => informer.relist()),
      // Kinds may have been installed since; vendors' objects are counted afresh.
      this.clusterScoped?.refresh(),
    ]);
  }

  private objectChanged(
    kind: LiveKind,
    change: 'added' | 'modified' | 'deleted',
    object: CachedObject,
  ) {
    if (!this.options.hasListeners()) return;
    this.options.emit({
      type: 'object',
      cluster: this.name,
      change,
      observedAt: new Date(),
      ...liveChange(kind, object),
    });
  }

  /** Derives the cluster's connection from its kinds; called on every kind change. */
  private recompute() {
    if (this.stopped) return;
    // The map holds the kinds in LIVE_KINDS order, which decides whose failure shows.
    const statuses = [...this.informers.values()].map(
      informer => informer.status,
    );
    const failed = statuses.find(status => status.state === 'failed');
    if (failed && failed.state === 'failed') {
      this.epoch += 1;
      this.outageSince ??= new Date();
      this.publish({
        ...failed.failure,
        since: this.outageSince,
        ...(this.lastSyncedAt ? { lastSyncedAt: this.lastSyncedAt } : {}),
      });
      this.settledFirst();
      return;
    }
    if (!this.allSynced()) return;
    this.lastSyncedAt = new Date();
    if (this.current.state === 'connected') {
      this.current = { ...this.current, lastSyncedAt: this.lastSyncedAt };
      return;
    }
    this.connectWithVersion();
  }

  private allSynced(): boolean {
    return [...this.informers.values()].every(
      informer => informer.status.state === 'synced',
    );
  }

  /** Asks for `/version` once per (re)connection, then reports the cluster connected. */
  private connectWithVersion() {
    if (this.versionRequest) return;
    const epoch = this.epoch;
    // Cluster-scoped policy is discovered before the cluster is reported connected, so
    // no analysis runs on a connected cluster whose overrides are not yet looked for.
    this.versionRequest = Promise.all([
      this.fetchVersion(),
      this.clusterScoped?.refresh(),
    ]).then(([version]) => {
      this.versionRequest = undefined;
      if (this.stopped) return;
      if (epoch !== this.epoch) {
        this.recompute();
        return;
      }
      // A kind may have learnt meanwhile that it must list again (410 Gone); the
      // recompute after that list reports the cluster connected.
      if (!this.allSynced()) return;
      this.outageSince = undefined;
      this.publish({
        state: 'connected',
        ...(version ? { version } : {}),
        lastSyncedAt: this.lastSyncedAt ?? new Date(),
      });
      this.settledFirst();
    });
  }

  private async fetchVersion(): Promise<string | undefined> {
    const kubeConfig = this.options.kubeConfig;
    if (!kubeConfig) return undefined;
    try {
      const info = await requestRaw(
        kubeConfig,
        configuration => new k8s.VersionApi(configuration).getCode(),
        {
          signal: this.stopSignal.signal,
          timeoutMs: this.options.timing.requestTimeoutMs,
          onRequest: () => {
            this.requests += 1;
          },
        },
      );
      return typeof info.gitVersion === 'string' ? info.gitVersion : undefined;
    } catch (error) {
      // The version is for display; an API server that hides it is still in sync.
      if (!this.stopped) {
        this.options.logger.debug(
          `could not read the version of cluster ${this.name}: ${String(
            error,
          )}`,
        );
      }
      return undefined;
    }
  }

  /** Records a new connection and tells listeners, unless only timestamps changed. */
  private publish(next: ClusterConnection) {
    const previous = this.current;
    this.current = next;
    const same =
      previous.state === next.state &&
      (previous.state !== 'connected' ||
        next.state !== 'connected' ||
        previous.version === next.version) &&
      ('reason' in previous ? previous.reason : undefined) ===
        ('reason' in next ? next.reason : undefined);
    if (same) return;
    if (next.state === 'connected') {
      this.options.logger.info(
        `Cluster ${this.name} connected${
          next.version ? ` (Kubernetes ${next.version})` : ''
        }`,
      );
    } else if (next.state !== 'connecting') {
      this.options.logger.warn(`${next.reason}; retrying with backoff`);
    }
    this.options.emit({
      type: 'connection',
      cluster: this.name,
      connection: next,
      observedAt: new Date(),
    });
  }
}
