import { LoggerService } from '@backstage/backend-plugin-api';
import * as k8s from '@kubernetes/client-node';
import {
  CLUSTER_SCOPED_POLICY_KINDS,
  ClusterScopedPolicies,
  ClusterScopedPolicyKind,
  CountedPolicyKind,
  NetworkPolicyApiObject,
} from '@netseal/backstage-plugin-netseal-common';
import { describeConnectionFailure } from './describeConnectionFailure';
import { KindInformer, LiveViewTiming } from './KindInformer';
import { CachedObject, JsonObject } from './liveObjects';
import { requestRaw } from './requestRaw';

/**
 * What is kept of a network-policy-api object: identity and spec. Unlike the live kinds'
 * few kept fields, the whole spec stays: a cluster has a handful of these objects, not
 * thousands, and the model reads their subjects and rules.
 */
function slimClusterScoped(kind: ClusterScopedPolicyKind) {
  return (raw: JsonObject): CachedObject => {
    const metadata = (raw.metadata ?? {}) as JsonObject;
    const kept: CachedObject & { spec: unknown } = {
      apiVersion: `${kind.group}/${kind.version}`,
      kind: kind.kind,
      metadata: {
        name: metadata.name as string,
        resourceVersion: metadata.resourceVersion as string,
      },
      spec: raw.spec,
    };
    return kept;
  };
}

const kindName = (kind: ClusterScopedPolicyKind) =>
  `${kind.kind} (${kind.group}/${kind.version})`;

export interface ClusterScopedPolicyViewOptions {
  cluster: string;
  kubeConfig: k8s.KubeConfig;
  logger: LoggerService;
  timing: LiveViewTiming;
  countRequest(): void;
  /**
   * A snapshot's view (a cluster another replica watches): the network-policy-api kinds
   * are listed once, not watched, so no replica but the lease's holder keeps a watch.
   */
  listOnce?: boolean;
}

/**
 * One cluster's cluster-scoped network policy. At each connection and resync, discovery
 * (`/apis`, then each candidate group version's resources) finds which kinds the cluster
 * serves; the network-policy-api kinds found are listed and watched, cluster-wide, one
 * informer each, and the vendors' kinds are counted by a list. What cannot be discovered
 * or read is reported as not known, never as absent.
 */
export class ClusterScopedPolicyView {
  private readonly informers = new Map<string, KindInformer>();
  /** With `listOnce`: each kind's objects as listed, or why it could not be. */
  private readonly listed = new Map<
    string,
    CachedObject[] | { failure: string }
  >();
  private counted: CountedPolicyKind[] = [];
  private notKnown: string[] = ['not discovered yet'];
  private stopSignal = new AbortController();
  private stopped = false;

  constructor(private readonly options: ClusterScopedPolicyViewOptions) {}

  /** The kinds found and their objects, as last discovered, listed and watched. */
  policies(): ClusterScopedPolicies {
    const objects: NetworkPolicyApiObject[] = [];
    const failed: string[] = [];
    for (const [name, informer] of this.informers) {
      const status = informer.status;
      if (status.state === 'failed') {
        failed.push(`${name} cannot be read: ${status.failure.reason}`);
      } else if (status.state === 'pending') {
        failed.push(`${name} is not listed yet`);
      }
      objects.push(
        ...(informer.objects() as unknown as NetworkPolicyApiObject[]),
      );
    }
    for (const [name, list] of this.listed) {
      if (Array.isArray(list)) {
        objects.push(...(list as unknown as NetworkPolicyApiObject[]));
      } else {
        failed.push(`${name} cannot be read: ${list.failure}`);
      }
    }
    const notKnown = [...this.notKnown, ...failed];
    return {
      objects: objects.sort((a, b) =>
        `${a.kind}/${a.metadata.name}`.localeCompare(
          `${b.kind}/${b.metadata.name}`,
        ),
      ),
      counted: this.counted.map(entry => ({ ...entry })),
      ...(notKnown.length > 0 ? { notKnown } : {}),
    };
  }

  /**
   * Discovers the kinds, starts watching the network-policy-api kinds found (keeping
   * those already watched) and counts the vendors' objects. Resolves when each has been
   * listed or has failed; never throws: a failure is reported through `policies()`.
   */
  async refresh(): Promise<void> {
    if (this.stopped) return;
    let served: ClusterScopedPolicyKind[];
    try {
      served = await this.discover();
    } catch (error) {
      this.notKnown = [
        `discovery failed: ${
          describeConnectionFailure(this.options.cluster, error).reason
        }`,
      ];
      return;
    }
    const notKnown: string[] = [];
    const counted: CountedPolicyKind[] = [];
    const listed: Promise<void>[] = [];
    for (const kind of served) {
      if (kind.read) {
        listed.push(
          this.options.listOnce ? this.listOnce(kind) : this.watch(kind),
        );
        continue;
      }
      try {
        counted.push({
          kind: kind.kind,
          group: kind.group,
          count: await this.count(kind),
        });
      } catch (error) {
        notKnown.push(
          `${kindName(kind)} cannot be counted: ${
            describeConnectionFailure(this.options.cluster, error).reason
          }`,
        );
      }
    }
    await Promise.all(listed);
    this.counted = counted;
    this.notKnown = notKnown;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopSignal.abort();
    await Promise.all(
      [...this.informers.values()].map(informer => informer.stop()),
    );
  }

  private request(
    call: (configuration: k8s.Configuration) => Promise<unknown>,
  ) {
    return requestRaw(this.options.kubeConfig, call, {
      signal: this.stopSignal.signal,
      timeoutMs: this.options.timing.requestTimeoutMs,
      onRequest: this.options.countRequest,
    });
  }

  /** The candidate kinds this cluster serves. */
  private async discover(): Promise<ClusterScopedPolicyKind[]> {
    const groupList = await this.request(configuration =>
      new k8s.ApisApi(configuration).getAPIVersions(),
    );
    const groups = (groupList.groups ?? []) as {
      name: string;
      versions?: { version: string }[];
    }[];
    const groupVersions = [
      ...new Set(
        CLUSTER_SCOPED_POLICY_KINDS.filter(kind =>
          groups.some(
            group =>
              group.name === kind.group &&
              (group.versions ?? []).some(v => v.version === kind.version),
          ),
        ).map(kind => `${kind.group}/${kind.version}`),
      ),
    ];
    const served: ClusterScopedPolicyKind[] = [];
    for (const groupVersion of groupVersions) {
      const [group, version] = groupVersion.split('/');
      const resourceList = await this.request(configuration =>
        new k8s.CustomObjectsApi(configuration).getAPIResources({
          group,
          version,
        }),
      );
      const names = new Set(
        ((resourceList.resources ?? []) as { name: string }[]).map(
          resource => resource.name,
        ),
      );
      served.push(
        ...CLUSTER_SCOPED_POLICY_KINDS.filter(
          kind =>
            kind.group === group &&
            kind.version === version &&
            names.has(kind.resource),
        ),
      );
    }
    return served;
  }

  private async count(kind: ClusterScopedPolicyKind): Promise<number> {
    const list = await this.request(configuration =>
      new k8s.CustomObjectsApi(configuration).listClusterCustomObject({
        group: kind.group,
        version: kind.version,
        plural: kind.resource,
      }),
    );
    return Array.isArray(list.items) ? list.items.length : 0;
  }

  /** Lists the kind's objects once; never throws: a failure is kept for `policies()`. */
  private async listOnce(kind: ClusterScopedPolicyKind): Promise<void> {
    const name = kindName(kind);
    const slim = slimClusterScoped(kind);
    try {
      const list = await this.request(configuration =>
        new k8s.CustomObjectsApi(configuration).listClusterCustomObject({
          group: kind.group,
          version: kind.version,
          plural: kind.resource,
        }),
      );
      const items = Array.isArray(list.items) ? list.items : [];
      this.listed.set(
        name,
        items.map(item => slim(item as JsonObject)),
      );
    } catch (error) {
      this.listed.set(name, {
        failure: describeConnectionFailure(this.options.cluster, error).reason,
      });
    }
  }

  /** Starts the kind's list+watch unless it runs; resolves once it listed or failed. */
  private watch(kind: ClusterScopedPolicyKind): Promise<void> {
    const name = kindName(kind);
    let informer = this.informers.get(name);
    if (informer) return Promise.resolve();
    let settle: () => void = () => {};
    const settled = new Promise<void>(resolve => {
      settle = resolve;
    });
    informer = new KindInformer({
      cluster: this.options.cluster,
      definition: {
        kind: kind.kind,
        path: `/apis/${kind.group}/${kind.version}/${kind.resource}`,
        list: configuration =>
          new k8s.CustomObjectsApi(configuration).listClusterCustomObject({
            group: kind.group,
            version: kind.version,
            plural: kind.resource,
          }),
        slim: slimClusterScoped(kind),
      },
      kubeConfig: this.options.kubeConfig,
      logger: this.options.logger,
      timing: this.options.timing,
      countRequest: this.options.countRequest,
      onObjectChange: () => {},
      onListed: () => {},
      onStatusChange: () => {
        if (informer!.status.state !== 'pending') settle();
      },
    });
    this.informers.set(name, informer);
    informer.start();
    return settled;
  }
}
