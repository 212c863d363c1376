import type { LoggerService } from '@backstage/backend-plugin-api';
import * as k8s from '@kubernetes/client-node';
import { GUARD_NAMES } from '@netseal/backstage-plugin-netseal-common';
import type { ClusterDetails } from '@netseal/backstage-plugin-netseal-node';
import { createKubeConfig } from '../clusters/createKubeConfig';
import { KindInformer, LiveViewTiming } from '../clusters/KindInformer';
import type { WatchedKindDefinition } from '../clusters/liveKindDefinitions';
import type { CachedObject, JsonObject } from '../clusters/liveObjects';

/** Only the identity: a change is a reason to read the guard again, not its content. */
function slimIdentity(raw: JsonObject): CachedObject {
  const metadata = (raw.metadata ?? {}) as JsonObject;
  return {
    apiVersion: raw.apiVersion as string | undefined,
    kind: raw.kind as string | undefined,
    metadata: {
      name: metadata.name as string | undefined,
      namespace: metadata.namespace as string | undefined,
      resourceVersion: metadata.resourceVersion as string | undefined,
    },
  };
}

/** The three collections that hold the guard's objects, each listed and watched. */
const GUARD_COLLECTIONS: (WatchedKindDefinition & { name: string })[] = [
  {
    kind: 'ValidatingAdmissionPolicy',
    name: GUARD_NAMES.policy,
    path: '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies',
    list: configuration =>
      new k8s.AdmissionregistrationV1Api(
        configuration,
      ).listValidatingAdmissionPolicy(),
    slim: slimIdentity,
  },
  {
    kind: 'ValidatingAdmissionPolicyBinding',
    name: GUARD_NAMES.binding,
    path: '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings',
    list: configuration =>
      new k8s.AdmissionregistrationV1Api(
        configuration,
      ).listValidatingAdmissionPolicyBinding(),
    slim: slimIdentity,
  },
  {
    kind: 'ConfigMap',
    name: GUARD_NAMES.params,
    path: `/api/v1/namespaces/${GUARD_NAMES.paramsNamespace}/configmaps`,
    list: configuration =>
      new k8s.CoreV1Api(configuration).listNamespacedConfigMap({
        namespace: GUARD_NAMES.paramsNamespace,
      }),
    slim: slimIdentity,
  },
];

const defaultTiming: LiveViewTiming = {
  // A read-only identity without list and watch on these kinds is refused for good; the
  // periodic check still reads the guard, so retries need not be eager.
  retry: { initialDelayMs: 1000, maxDelayMs: 5 * 60_000 },
  requestTimeoutMs: 60_000,
  watchTimeoutSeconds: 600,
};

/**
 * Follows each cluster's guard objects (its ValidatingAdmissionPolicy, binding and
 * parameters' ConfigMap) with one list+watch per kind, with the read-only identity, and
 * calls `onChange` shortly after any of them is created, changed or deleted: so a guard
 * removed with kubectl shows as unprotected within seconds, not at the next periodic
 * check. Needs `list` and `watch` on those kinds (ConfigMaps only in netseal-system);
 * without them the periodic check is all there is. `start` follows every cluster (one
 * replica alone); with several replicas, `watch` and `unwatch` follow the clusters this
 * one watches, so each cluster's guard is watched once.
 */
export class GuardWatch {
  readonly #kubeConfigs = new Map<string, k8s.KubeConfig>();
  readonly #informers = new Map<string, KindInformer[]>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #onChange: (cluster: string) => void;
  readonly #logger: LoggerService;
  readonly #timing: LiveViewTiming;
  readonly #debounceMs: number;

  constructor(options: {
    clusters: readonly ClusterDetails[];
    onChange: (cluster: string) => void;
    logger: LoggerService;
    timing?: LiveViewTiming;
    /** Changes within this time make one call (default 200 ms). */
    debounceMs?: number;
  }) {
    this.#onChange = options.onChange;
    this.#logger = options.logger;
    this.#timing = options.timing ?? defaultTiming;
    this.#debounceMs = options.debounceMs ?? 200;
    for (const details of options.clusters) {
      try {
        this.#kubeConfigs.set(details.name, createKubeConfig(details));
      } catch {
        // The live view reports a cluster it cannot reach; the periodic check says unknown.
      }
    }
  }

  /** Follows every configured cluster's guard. */
  start(): void {
    this.watch([...this.#kubeConfigs.keys()]);
  }

  /** Follows these clusters' guards, unless followed already. */
  watch(clusters: readonly string[]): void {
    for (const cluster of clusters) {
      const kubeConfig = this.#kubeConfigs.get(cluster);
      if (!kubeConfig || this.#informers.has(cluster)) continue;
      const informers = GUARD_COLLECTIONS.map(
        definition =>
          new KindInformer({
            cluster,
            definition,
            kubeConfig,
            logger: this.#logger.child({
              cluster,
              guardObject: definition.kind,
            }),
            timing: this.#timing,
            countRequest: () => {},
            onObjectChange: (_change, object) => {
              if (object.metadata?.name === definition.name) {
                this.#changed(cluster);
              }
            },
            // A list after a gap may hide a change the watch missed.
            onListed: () => this.#changed(cluster),
            onStatusChange: () => {},
          }),
      );
      this.#informers.set(cluster, informers);
      for (const informer of informers) informer.start();
    }
  }

  /** Stops following these clusters' guards; resolves once their watches are closed. */
  async unwatch(clusters: readonly string[]): Promise<void> {
    await Promise.all(
      clusters.map(async cluster => {
        const informers = this.#informers.get(cluster);
        if (!informers) return;
        this.#informers.delete(cluster);
        clearTimeout(this.#timers.get(cluster));
        this.#timers.delete(cluster);
        await Promise.all(informers.map(informer => informer.stop()));
      }),
    );
  }

  async stop(): Promise<void> {
    await this.unwatch([...this.#informers.keys()]);
  }

  #changed(cluster: string): void {
    // A cluster no longer followed here is another replica's to follow.
    if (!this.#informers.has(cluster) || this.#timers.has(cluster)) return;
    this.#timers.set(
      cluster,
      setTimeout(() => {
        this.#timers.delete(cluster);
        this.#onChange(cluster);
      }, this.#debounceMs),
    );
  }
}
