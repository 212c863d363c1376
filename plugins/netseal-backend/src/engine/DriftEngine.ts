import { createHash } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  attributeDrift,
  computeDrift,
  computeSeal,
  DriftAttribution,
  NetworkPolicy,
  DriftStatusTransition,
  PolicyDrift,
  PolicySourceManifest,
} from '@netseal/backstage-plugin-netseal-common';
import pLimit from 'p-limit';
import type { LiveView, LiveViewEvent } from '../clusters';
import type {
  DriftScope,
  DriftStore,
  PolicyDriftToStore,
  StatusesToReplace,
} from '../database';
import {
  buildClusterDriftInput,
  ClusterDriftInputWithLive,
  LiveViewIndex,
  PolicySourceDirectory,
} from '../drift';
import type { PendingChange, PendingChangeSource } from './PendingChange';
import { pendingRolloutsByCluster } from './pendingRolloutsByCluster';
import type { PolicySourceReader } from '../sources/PolicySourceReader';
import type { TrackedEntity } from './TrackedEntity';

/** What the engine tells the rest of the backend after it stored a check. */
export interface DriftEngineListener {
  /** Status changes that were stored, once per change across replicas. */
  onTransitions?(
    entity: TrackedEntity,
    transitions: DriftStatusTransition[],
  ): Promise<void> | void;
  /** A live change was checked and stored; `latencyMs` from its observation. */
  onLiveChangeChecked?(latencyMs: number): void;
}

interface EntitySource {
  etag?: string;
  manifestsByCluster: ReadonlyMap<string, readonly PolicySourceManifest[]>;
  /** Why the last read failed; the last good content stays in use. */
  error?: string;
}

const SOURCE_READ_CONCURRENCY = 8;
/** Entities whose changed verdicts one transaction writes in a full check. */
const ENTITIES_PER_WRITE = 25;

/** A check's write, and the fingerprints it stores once written. */
interface PreparedWrite {
  entity: TrackedEntity;
  write: StatusesToReplace;
  fingerprints: ReadonlyMap<string, string>;
}

/** The fingerprint key of the statuses of every cluster no configuration names. */
const UNCONFIGURED = '\0unconfigured';

const NOT_CONFIGURED = (cluster: string) =>
  `cluster "${cluster}" is not configured in netseal.clusters; add it or rename the policy source's folder`;

/**
 * Keeps every tracked entity's drift status current: it reads policy sources, follows
 * the clusters' live view event by event, computes drift with the pure rules of
 * netseal-common and stores what changed. It knows neither HTTP nor the Git host.
 *
 * Live events are coalesced for `debounceMs` per cluster, then only the entities with
 * manifests or pods in that cluster are checked again, and only in that cluster. A
 * check whose verdicts equal the last stored ones writes nothing.
 *
 * With several replicas each checks and writes only its share: the clusters its live
 * view watches (the cluster leases decide), and the clusters no configuration names
 * when it holds that duty (`setChecksUnconfigured`). A cluster whose first list has not
 * finished is not checked, so a takeover never writes `unknown` over good statuses
 * while it lists.
 */
export class DriftEngine {
  private readonly clusters = new Map<string, LiveViewIndex>();
  private readonly directory = new PolicySourceDirectory();
  private readonly entities = new Map<string, TrackedEntity>();
  private readonly sources = new Map<string, EntitySource>();
  /** By entity, then by cluster (or UNCONFIGURED): a digest of the last stored verdicts. */
  private readonly lastStored = new Map<string, Map<string, string>>();
  /** Merged or rolling-out request changes by entity, as last read. */
  private pendingChanges = new Map<string, PendingChange[]>();
  /**
   * Seals of the manifests checked so far: a manifest is immutable once read, so its
   * seal never changes; entries go with their manifests. Live digests are the live
   * view's own, computed once per live object.
   */
  private readonly digests = new WeakMap<NetworkPolicy, string>();
  private readonly digestOf = (policy: NetworkPolicy): string => {
    let digest = this.digests.get(policy);
    if (digest === undefined) {
      // Kept as long as the manifest: as one flat string, a tenth of the pieces.
      digest = JSON.parse(JSON.stringify(computeSeal(policy))) as string;
      this.digests.set(policy, digest);
    }
    return digest;
  };
  /** A number per sealed manifest object, for fingerprints. */
  private readonly manifestIds = new WeakMap<object, number>();
  private nextManifestId = 1;
  private readonly manifestId = (manifest: unknown): number => {
    if (typeof manifest !== 'object' || manifest === null) return 0;
    let id = this.manifestIds.get(manifest);
    if (id === undefined) {
      id = this.nextManifestId++;
      this.manifestIds.set(manifest, id);
    }
    return id;
  };
  /**
   * Clusters with live changes not checked yet: when the first one was seen, and the
   * policies that changed when nothing else did (undefined: anything may have).
   */
  private readonly dirtyClusters = new Map<
    string,
    { observedAt: Date; policies?: Array<{ namespace: string; name: string }> }
  >();
  private checksUnconfigured: boolean;
  private flushTimer?: ReturnType<typeof setTimeout>;
  private flushing: Promise<void> = Promise.resolve();
  private unsubscribe?: () => void;

  constructor(
    private readonly options: {
      liveView: LiveView;
      sources: PolicySourceReader;
      store: DriftStore;
      logger: LoggerService;
      /**
       * The changes of merged or rolling-out replacement requests: their policies are
       * `pending` until the live view shows the change.
       */
      pendingChanges?: PendingChangeSource;
      /** Told of stored changes; each handles its own failures. */
      listeners?: readonly DriftEngineListener[];
      debounceMs?: number;
      /**
       * Whether this engine writes the statuses of clusters no configuration names, at
       * first (default true; with several replicas, the lease decides).
       */
      checksUnconfigured?: boolean;
    },
  ) {
    this.checksUnconfigured = options.checksUnconfigured ?? true;
  }

  /** Builds the indexed view of every watched cluster and starts following live events. */
  start(): void {
    for (const cluster of this.options.liveView.watchedClusters()) {
      this.reindexCluster(cluster);
    }
    this.unsubscribe = this.options.liveView.subscribe(event =>
      this.onLiveEvent(event),
    );
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
    }
    await this.flushing;
  }

  /**
   * Whether this replica writes the statuses of clusters that no configuration names
   * (policy source folders of unknown clusters): one replica does, by a lease. Taking
   * the duty checks every entity's such clusters at once.
   */
  setChecksUnconfigured(checks: boolean): Promise<void> {
    if (checks === this.checksUnconfigured) return this.flushing;
    this.checksUnconfigured = checks;
    this.flushing = this.flushing.then(async () => {
      for (const stored of this.lastStored.values()) {
        stored.delete(UNCONFIGURED);
      }
      if (!checks) return;
      await this.checkAll([...this.entities.values()], {
        unconfigured: true,
      }).catch(error =>
        this.options.logger.error(
          `Drift checks of the unconfigured clusters failed`,
          error instanceof Error ? error : undefined,
        ),
      );
    });
    return this.flushing;
  }

  /**
   * Replaces the tracked entities (from the catalog), reads every policy source whose
   * ETag changed, and checks every entity. The full resync.
   */
  async synchronize(entities: readonly TrackedEntity[]): Promise<void> {
    const wanted = new Set(entities.map(entity => entity.entityRef));
    for (const entityRef of [...this.entities.keys()]) {
      if (!wanted.has(entityRef)) {
        await this.forget(entityRef);
      }
    }
    // Sources are read a few at a time: each read is a round trip to the Git host even
    // when its ETag says nothing changed.
    const limit = pLimit(SOURCE_READ_CONCURRENCY);
    const readAgain: string[] = [];
    await Promise.all(
      entities.map(entity =>
        limit(async () => {
          const previous = this.entities.get(entity.entityRef);
          this.entities.set(entity.entityRef, entity);
          if (previous && previous.policySourceUrl !== entity.policySourceUrl) {
            this.sources.delete(entity.entityRef);
          }
          if (await this.readSource(entity)) {
            readAgain.push(entity.entityRef);
          }
        }),
      ),
    );
    await this.options.store.clearSourceErrors(readAgain);
    for (const cluster of this.options.liveView.watchedClusters()) {
      this.reindexCluster(cluster);
    }
    await this.readPendingChanges();
    await this.checkAll(entities);
  }

  /**
   * Checks one tracked entity again soon after its replacement requests changed, in turn
   * with live changes: reads the pending request changes again and, with `readSource`
   * (after a merge), its policy source too, rather than waiting for the next resync.
   * Failures are logged; an entity that is not tracked is ignored.
   */
  recheck(
    entityRef: string,
    options: { readSource?: boolean } = {},
  ): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const entity = this.entities.get(entityRef);
      if (!entity) {
        return;
      }
      try {
        if (options.readSource && (await this.readSource(entity))) {
          await this.options.store.clearSourceErrors([entityRef]);
        }
        await this.readPendingChanges();
        await this.check(entity);
      } catch (error) {
        this.options.logger.error(
          `Drift check of ${entityRef} after a change of its requests failed`,
          error instanceof Error ? error : undefined,
        );
      }
    });
    return this.flushing;
  }

  /**
   * Checks one entity now in every cluster this replica is responsible for, or only in
   * `clusters` (watched ones) and, with `unconfigured`, in the clusters no configuration
   * names.
   */
  async check(
    entity: TrackedEntity,
    only?: { clusters?: readonly string[]; unconfigured?: boolean },
  ): Promise<void> {
    await this.store(this.prepare(entity, only));
  }

  /** Checks entities, writing their changes a batch at a time: one commit per batch. */
  private async checkAll(
    entities: readonly TrackedEntity[],
    only?: { clusters?: readonly string[]; unconfigured?: boolean },
  ): Promise<void> {
    for (let i = 0; i < entities.length; i += ENTITIES_PER_WRITE) {
      const prepared: PreparedWrite[] = [];
      for (const entity of entities.slice(i, i + ENTITIES_PER_WRITE)) {
        try {
          prepared.push(...this.prepare(entity, only));
        } catch (error) {
          this.options.logger.error(
            `Drift check of ${entity.entityRef} failed`,
            error instanceof Error ? error : undefined,
          );
        }
      }
      await this.store(prepared);
    }
  }

  /** What a check of the entity would write: nothing when no verdict changed. */
  private prepare(
    entity: TrackedEntity,
    only?: { clusters?: readonly string[]; unconfigured?: boolean },
  ): PreparedWrite[] {
    const source = this.sources.get(entity.entityRef);
    if (!source) {
      return [];
    }
    const liveView = this.options.liveView;
    const configured = new Set(liveView.clusterNames());
    const watched = (
      only ? only.clusters ?? [] : liveView.watchedClusters()
    ).filter(
      cluster =>
        configured.has(cluster) &&
        liveView.connection(cluster).state !== 'connecting',
    );
    const checksUnconfigured =
      this.checksUnconfigured && (only === undefined || !!only.unconfigured);
    const unconfigured = checksUnconfigured
      ? [...source.manifestsByCluster.keys()].filter(
          cluster => !configured.has(cluster),
        )
      : [];
    if (watched.length === 0 && !checksUnconfigured) {
      return [];
    }

    const pending = pendingRolloutsByCluster(
      this.pendingChanges.get(entity.entityRef) ?? [],
    );
    const inputs = new Map<string, ClusterDriftInputWithLive>(
      [...watched, ...unconfigured].map(cluster => [
        cluster,
        buildClusterDriftInput({
          cluster,
          connection: configured.has(cluster)
            ? liveView.connection(cluster)
            : { state: 'unreachable', reason: NOT_CONFIGURED(cluster) },
          manifests: source.manifestsByCluster.get(cluster) ?? [],
          live: this.clusters.get(cluster) ?? new LiveViewIndex(),
          servicePods: entity.servicePods,
          pending: pending.get(cluster),
          isInAnotherPolicySource: this.directory.heldByOthersThan(
            entity.entityRef,
            cluster,
          ),
          digestOf: this.digestOf,
        }),
      ]),
    );
    const manifestIndex = indexManifests(source);
    const groupOf = (cluster: string) =>
      configured.has(cluster) ? cluster : UNCONFIGURED;
    const byGroup = new Map<string, PolicyDriftToStore[]>(
      [...watched, ...(checksUnconfigured ? [UNCONFIGURED] : [])].map(group => [
        group,
        [],
      ]),
    );
    for (const drift of computeDrift({
      servicePods: entity.servicePods,
      clusters: [...inputs.values()],
    })) {
      const attribution = attributionOf(drift, inputs.get(drift.cluster));
      byGroup.get(groupOf(drift.cluster))?.push({
        ...drift,
        ...(attribution ? { attribution } : {}),
        sealedManifest: manifestIndex.get(
          `${drift.cluster}/${drift.namespace}/${drift.name}`,
        ),
      });
    }

    // Only the groups whose verdicts changed since they were last stored are written.
    const stored = this.lastStored.get(entity.entityRef) ?? new Map();
    const changed = new Map<string, string>();
    for (const [group, verdicts] of byGroup) {
      const fingerprint = fingerprintOf(verdicts, this.manifestId);
      if (stored.get(group) !== fingerprint) changed.set(group, fingerprint);
    }
    if (changed.size === 0) {
      return [];
    }
    const changedClusters = [...changed.keys()].filter(
      group => group !== UNCONFIGURED,
    );
    const scope: DriftScope = changed.has(UNCONFIGURED)
      ? {
          allBut: [...configured].filter(
            cluster => !changedClusters.includes(cluster),
          ),
        }
      : { only: changedClusters };
    const statuses = [...changed.keys()].flatMap(group =>
      byGroup.get(group)!.map(drift => ({
        ...drift,
        liveManifest: inputs
          .get(drift.cluster)
          ?.liveByKey.get(`${drift.namespace}/${drift.name}`),
      })),
    );
    return [
      {
        entity,
        write: {
          entityRef: entity.entityRef,
          clusters: scope,
          statuses,
          checkedAt: new Date(),
        },
        fingerprints: changed,
      },
    ];
  }

  /** Stores prepared writes in one transaction, then tells the listeners. */
  private async store(prepared: readonly PreparedWrite[]): Promise<void> {
    if (prepared.length === 0) {
      return;
    }
    const results = await this.options.store.replaceManyStatuses(
      prepared.map(({ write }) => write),
    );
    for (const { entity, fingerprints } of prepared) {
      const stored = this.lastStored.get(entity.entityRef) ?? new Map();
      for (const [group, fingerprint] of fingerprints) {
        stored.set(group, fingerprint);
      }
      this.lastStored.set(entity.entityRef, stored);
    }
    for (const [index, transitions] of results.entries()) {
      if (transitions.length === 0) continue;
      const { entity } = prepared[index];
      await Promise.all(
        (this.options.listeners ?? []).map(listener =>
          listener.onTransitions?.(entity, transitions),
        ),
      );
    }
  }

  /** Resolves once every live change seen so far has been checked and stored. */
  async settled(): Promise<void> {
    while (this.flushTimer || this.dirtyClusters.size > 0) {
      if (this.flushTimer) {
        clearTimeout(this.flushTimer);
        this.flushTimer = undefined;
        this.flushing = this.flushing.then(() => this.flush());
      }
      await this.flushing;
    }
    await this.flushing;
  }

  /**
   * Reads the entity's policy source unless its ETag is unchanged; false when it could
   * not be read. A failed read leaves the last good content in use, and an entity whose
   * source was never read is not checked at all: statuses must not flip to missing or
   * unsealed because the Git host did not answer. The reason is stored for the API.
   */
  private async readSource(entity: TrackedEntity): Promise<boolean> {
    const previous = this.sources.get(entity.entityRef);
    try {
      const content = await this.options.sources.read(
        entity.policySourceUrl,
        previous?.error ? undefined : previous?.etag,
      );
      if (content === 'not-modified') {
        return true;
      }
      this.sources.set(entity.entityRef, {
        etag: content.etag,
        manifestsByCluster: content.manifestsByCluster,
      });
      const clusters = new Set([
        ...content.manifestsByCluster.keys(),
        ...(previous?.manifestsByCluster.keys() ?? []),
      ]);
      for (const cluster of clusters) {
        this.directory.setManifests(
          entity.entityRef,
          cluster,
          content.manifestsByCluster.get(cluster) ?? [],
        );
      }
      return true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const message = reason.includes(entity.policySourceUrl)
        ? reason
        : `${entity.policySourceUrl}: ${reason}`;
      this.options.logger.warn(
        `Could not read the policy source of ${entity.entityRef}: ${message}`,
      );
      if (previous) {
        this.sources.set(entity.entityRef, { ...previous, error: reason });
      }
      await this.options.store.recordSourceError(entity.entityRef, {
        message,
        checkedAt: new Date(),
      });
      return false;
    }
  }

  /**
   * Reads the merged or rolling-out request changes again. When they cannot be read the
   * last ones read stay in use: a database hiccup must not flip pending policies to
   * drifted.
   */
  private async readPendingChanges(): Promise<void> {
    if (!this.options.pendingChanges) {
      return;
    }
    try {
      const byEntity = new Map<string, PendingChange[]>();
      for (const change of await this.options.pendingChanges.listPendingChanges()) {
        const changes = byEntity.get(change.entityRef);
        if (changes) {
          changes.push(change);
        } else {
          byEntity.set(change.entityRef, [change]);
        }
      }
      this.pendingChanges = byEntity;
    } catch (error) {
      this.options.logger.warn(
        `Could not read the changes of merged replacement requests; their policies keep the pending rollouts last read: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }

  /**
   * Forgets an entity that left the catalog, and removes its statuses. Every replica
   * sees it leave; the one that checks the unconfigured clusters removes them all.
   */
  private async forget(entityRef: string): Promise<void> {
    this.directory.forget(entityRef);
    this.entities.delete(entityRef);
    this.sources.delete(entityRef);
    this.lastStored.delete(entityRef);
    const watched = this.options.liveView.watchedClusters();
    await this.options.store.replaceStatuses({
      entityRef,
      clusters: this.checksUnconfigured
        ? {
            allBut: this.options.liveView
              .clusterNames()
              .filter(cluster => !watched.includes(cluster)),
          }
        : { only: watched },
      statuses: [],
      checkedAt: new Date(),
    });
    await this.options.store.clearSourceErrors([entityRef]);
  }

  private reindexCluster(cluster: string): void {
    const liveView = this.options.liveView;
    let live = this.clusters.get(cluster);
    if (!live) {
      live = new LiveViewIndex();
      this.clusters.set(cluster, live);
    }
    live.replaceAll({
      policies: liveView.livePolicies(cluster),
      pods: liveView.pods(cluster),
    });
  }

  private onLiveEvent(event: LiveViewEvent): void {
    if (event.type === 'unwatched') {
      // Another replica checks it now; what was derived from it here is stale.
      this.clusters.delete(event.cluster);
      this.dirtyClusters.delete(event.cluster);
      for (const stored of this.lastStored.values()) {
        stored.delete(event.cluster);
      }
      return;
    }
    const live = this.clusters.get(event.cluster);
    if (!live) {
      this.reindexCluster(event.cluster);
    } else if (event.type === 'resynced') {
      // A list told every change it found as object events, which were checked as
      // they came; the index starts over from the list all the same, and nothing is
      // checked again for a list that changed nothing.
      if (event.kind === 'NetworkPolicy') {
        live.replacePolicies(this.options.liveView.livePolicies(event.cluster));
      } else if (event.kind === 'Pod') {
        live.replacePods(this.options.liveView.pods(event.cluster));
      }
      return;
    } else if (event.type === 'object') {
      if (event.kind === 'NetworkPolicy') {
        if (event.change === 'deleted') {
          live.deletePolicy(event.object.namespace, event.object.name);
        } else {
          live.upsertPolicy(event.object);
        }
      } else if (event.kind === 'Pod') {
        if (event.change === 'deleted') {
          live.deletePod(event.object.namespace, event.object.name);
        } else {
          live.upsertPod(event.object);
        }
      } else {
        // Namespace labels do not change what a service's policies are.
        return;
      }
    }
    const dirty = this.dirtyClusters.get(event.cluster) ?? {
      observedAt: event.observedAt,
      policies: [],
    };
    if (
      live &&
      event.type === 'object' &&
      event.kind === 'NetworkPolicy' &&
      dirty.policies
    ) {
      dirty.policies.push({
        namespace: event.object.namespace,
        name: event.object.name,
      });
    } else {
      dirty.policies = undefined;
    }
    this.dirtyClusters.set(event.cluster, dirty);
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = undefined;
        this.flushing = this.flushing.then(() => this.flush());
      }, this.options.debounceMs ?? 100);
    }
  }

  private async flush(): Promise<void> {
    const dirty = new Map(this.dirtyClusters);
    this.dirtyClusters.clear();
    const watched = new Set(this.options.liveView.watchedClusters());
    const clusters = [...dirty.keys()].filter(cluster => watched.has(cluster));
    // One check per entity, however many of its clusters changed: a check covers them all.
    const concerned = new Set<TrackedEntity>();
    for (const cluster of clusters) {
      for (const entity of this.concernedBy(cluster, dirty.get(cluster)!)) {
        concerned.add(entity);
      }
    }
    if (concerned.size > 0) {
      // Another replica may have moved a request since; one read serves the batch.
      await this.readPendingChanges();
    }
    await this.checkAll([...concerned], { clusters }).catch(error =>
      this.options.logger.error(
        `Drift checks after a live change failed`,
        error instanceof Error ? error : undefined,
      ),
    );
    const now = Date.now();
    for (const { observedAt } of dirty.values()) {
      for (const listener of this.options.listeners ?? []) {
        listener.onLiveChangeChecked?.(now - observedAt.getTime());
      }
    }
  }

  /**
   * The entities whose statuses a cluster's changes can change. A changed policy that a
   * policy source holds concerns the entities holding it; one that none holds concerns
   * the entities with pods in its namespace, whose unsealed policy it may be. Any other
   * change concerns every entity with manifests or pods in the cluster.
   */
  private concernedBy(
    cluster: string,
    changed: { policies?: Array<{ namespace: string; name: string }> },
  ): TrackedEntity[] {
    const { policies } = changed;
    if (!policies) {
      return [...this.entities.values()].filter(entity =>
        this.concerns(entity, cluster),
      );
    }
    const concerned = new Set<TrackedEntity>();
    const live = this.clusters.get(cluster);
    for (const { namespace, name } of policies) {
      const holders = this.directory.holdersOf(cluster, namespace, name);
      if (holders.length > 0) {
        for (const entityRef of holders) {
          const entity = this.entities.get(entityRef);
          if (entity) concerned.add(entity);
        }
        continue;
      }
      for (const entity of this.entities.values()) {
        if (
          entity.servicePods &&
          live
            ?.candidatePods(entity.servicePods)
            .some(pod => pod.namespace === namespace)
        ) {
          concerned.add(entity);
        }
      }
    }
    return [...concerned];
  }

  /** Whether a change in the cluster can change the entity's statuses. */
  private concerns(entity: TrackedEntity, cluster: string): boolean {
    const source = this.sources.get(entity.entityRef);
    return (
      (source?.manifestsByCluster.get(cluster)?.length ?? 0) > 0 ||
      entity.servicePods !== undefined
    );
  }
}

/**
 * A short digest of verdicts as stored, to tell whether a check changed anything. A
 * sealed manifest counts by its identity (a read of the source makes new ones), not its
 * content: hashing every manifest of every check would cost more than the check.
 */
function fingerprintOf(
  verdicts: readonly PolicyDriftToStore[],
  manifestId: (manifest: unknown) => number,
): string {
  const hash = createHash('sha256');
  for (const { sealedManifest, ...verdict } of verdicts) {
    hash.update(JSON.stringify(verdict));
    hash.update(String(manifestId(sealedManifest)));
  }
  return hash.digest('base64');
}

function indexManifests(source: EntitySource): Map<string, unknown> {
  const index = new Map<string, unknown>();
  for (const [cluster, manifests] of source.manifestsByCluster) {
    for (const manifest of manifests) {
      if (manifest.kind === 'sealed') {
        const { namespace = '', name = '' } = manifest.policy.metadata ?? {};
        index.set(`${cluster}/${namespace}/${name}`, manifest.policy);
      }
    }
  }
  return index;
}

/**
 * What the cluster says about who changed a policy that is out of sync: for `drifted`,
 * `missing` and live `unsealed` policies; none for the others, which no one changed.
 */
function attributionOf(
  drift: PolicyDrift,
  input: ClusterDriftInputWithLive | undefined,
): DriftAttribution | undefined {
  if (!input || !['drifted', 'missing', 'unsealed'].includes(drift.status)) {
    return undefined;
  }
  const key = `${drift.namespace}/${drift.name}`;
  const live = input.liveByKey.get(key);
  if (!live) {
    // An unsealed manifest that is not live was changed in Git, not in the cluster.
    return drift.status === 'missing'
      ? attributeDrift({ differences: [] })
      : undefined;
  }
  return attributeDrift({
    differences:
      drift.status === 'drifted'
        ? drift.differences
        : [{ path: 'metadata' }, { path: 'spec' }],
    live: {
      ...(typeof live.metadata?.generation === 'number'
        ? { generation: live.metadata.generation }
        : {}),
      writers: input.writersOf(key),
    },
  });
}
