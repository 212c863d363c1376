import { LoggerService } from '@backstage/backend-plugin-api';
import * as k8s from '@kubernetes/client-node';
import type { ClusterScopedPolicies } from '@netseal/backstage-plugin-netseal-common';
import { ClusterScopedPolicyView } from './ClusterScopedPolicyView';
import { describeConnectionFailure } from './describeConnectionFailure';
import { LiveViewTiming } from './KindInformer';
import { liveKindDefinitions } from './liveKindDefinitions';
import {
  CachedNamespace,
  CachedObject,
  CachedPod,
  CachedPolicy,
} from './liveObjects';
import { ClusterConnection, LIVE_KINDS, LiveKind } from './LiveView';
import { requestRaw } from './requestRaw';

/**
 * One list of each kind of a cluster that another replica watches, taken when this
 * replica must read it (a request's access changes): the same lists, slimmed the same
 * way, as a watch starts with, without the watch; and its cluster-scoped network policy,
 * discovered and listed once the same way.
 */
export class ClusterSnapshot {
  private constructor(
    readonly connection: ClusterConnection,
    private readonly objects: ReadonlyMap<LiveKind, CachedObject[]>,
    readonly clusterScoped: ClusterScopedPolicies,
  ) {}

  static async take(options: {
    cluster: string;
    kubeConfig?: k8s.KubeConfig;
    configurationError?: unknown;
    timing: LiveViewTiming;
    logger: LoggerService;
    signal: AbortSignal;
    countRequest(): void;
  }): Promise<ClusterSnapshot> {
    const { cluster, kubeConfig } = options;
    if (!kubeConfig) {
      return ClusterSnapshot.failed(
        cluster,
        options.configurationError ??
          new Error('the client configuration could not be built'),
      );
    }
    const clusterScoped = new ClusterScopedPolicyView({
      cluster,
      kubeConfig,
      logger: options.logger,
      timing: options.timing,
      countRequest: options.countRequest,
      listOnce: true,
    });
    // The view's signal outlives the snapshot: the listener goes once the lists end, so
    // snapshots taken over days are not kept reachable from it.
    const stopClusterScoped = () => void clusterScoped.stop();
    options.signal.addEventListener('abort', stopClusterScoped, { once: true });
    try {
      const [lists] = await Promise.all([
        Promise.all(
          LIVE_KINDS.map(async kind => {
            const definition = liveKindDefinitions[kind];
            const raw = await requestRaw(kubeConfig, definition.list, {
              signal: options.signal,
              timeoutMs: options.timing.requestTimeoutMs,
              onRequest: options.countRequest,
            });
            const items = Array.isArray(raw.items) ? raw.items : [];
            return [kind, items.map(item => definition.slim(item))] as const;
          }),
        ),
        clusterScoped.refresh(),
      ]);
      return new ClusterSnapshot(
        { state: 'connected', lastSyncedAt: new Date() },
        new Map(lists),
        clusterScoped.policies(),
      );
    } catch (error) {
      return ClusterSnapshot.failed(cluster, error);
    } finally {
      options.signal.removeEventListener('abort', stopClusterScoped);
    }
  }

  private static failed(cluster: string, error: unknown): ClusterSnapshot {
    const failure = describeConnectionFailure(cluster, error);
    return new ClusterSnapshot({ ...failure, since: new Date() }, new Map(), {
      objects: [],
      counted: [],
      notKnown: [`the cluster could not be listed: ${failure.reason}`],
    });
  }

  livePolicies(): CachedPolicy[] {
    return [...(this.objects.get('NetworkPolicy') ?? [])] as CachedPolicy[];
  }

  pods(): CachedPod[] {
    return [...(this.objects.get('Pod') ?? [])] as CachedPod[];
  }

  namespaces(): CachedNamespace[] {
    return [...(this.objects.get('Namespace') ?? [])] as CachedNamespace[];
  }
}
