import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ClusterConnection,
  ClusterStatus,
  KubernetesLiveView,
} from '../clusters';
import type { ClusterScopedPolicies } from '@netseal/backstage-plugin-netseal-common';
import type { Lease, LeaseStore } from '../database';

const CLUSTER = 'cluster:';
const REPLICA = 'replica:';
/** The duty of writing the statuses of clusters that no configuration names. */
export const UNCONFIGURED_CLUSTERS_LEASE = 'unconfigured-clusters';

/** The lease of a cluster's watches. */
export function clusterLeaseName(cluster: string): string {
  return `${CLUSTER}${cluster}`;
}

/**
 * This replica took clusters' leases, or gave them up (stopping, beyond its share, or
 * lapsed): whatever else follows a cluster from one replica only moves with its watches.
 */
export type ClusterLeaseEvent = {
  type: 'taken' | 'given-up';
  clusters: readonly string[];
};

/** Hears of clusters taken or given up; given-up is awaited before the leases are released. */
export type ClusterLeaseListener = (
  event: ClusterLeaseEvent,
) => Promise<void> | void;

/** What the keeper drives: the live view's watches, and who writes unconfigured clusters. */
export interface ClusterLeaseKeeperOptions {
  liveView: Pick<
    KubernetesLiveView,
    | 'clusterNames'
    | 'watch'
    | 'unwatch'
    | 'watchedClusters'
    | 'status'
    | 'setReported'
  >;
  leases: LeaseStore;
  logger: LoggerService;
  /** How long a lease lasts unless renewed; renewed every quarter of it. */
  leaseMs: number;
  /** Told when this replica takes or gives up writing the unconfigured clusters. */
  onUnconfiguredDuty(held: boolean): Promise<void> | void;
  /** This replica's name in the lease table; unique by default. */
  owner?: string;
  now?: () => Date;
}

/**
 * Shares the clusters between the backend's replicas: each cluster's watches run on
 * the one replica holding its lease in the database. Every quarter of the lease time
 * each replica renews its leases (and one that announces it), counts the replicas
 * alive, gives up the clusters beyond its share, and takes free or lapsed ones up to
 * its share. A replica that dies stops renewing; once its leases lapse, the others
 * take its clusters, list them afresh and check them, so a takeover happens within the
 * lease time and a quarter. A replica stops watching a cluster before it releases its
 * lease, and one that cannot renew stops watching before its leases lapse, so no
 * cluster is watched twice. The holder of a cluster reports its connection in the
 * lease, so every replica shows every cluster as its watcher sees it. Subscribers hear
 * of the clusters taken and given up, to follow them from this replica alone too.
 */
export class ClusterLeaseKeeper {
  readonly owner: string;
  readonly #options: ClusterLeaseKeeperOptions;
  readonly #now: () => Date;
  readonly #held = new Map<string, Date>();
  readonly #reported = new Map<string, string>();
  readonly #listeners = new Set<ClusterLeaseListener>();
  #lastRenewal: Date | undefined;
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(options: ClusterLeaseKeeperOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.owner =
      options.owner ??
      `${os.hostname().slice(0, 80)}-${process.pid}-${randomBytes(4).toString(
        'hex',
      )}`;
  }

  /**
   * Calls `listener` when this replica takes clusters or gives them up, as it starts or
   * stops watching them; a listener's failure is logged. Returns a function that
   * unsubscribes.
   */
  subscribe(listener: ClusterLeaseListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** The leases this replica holds, by name. */
  held(): string[] {
    return [...this.#held.keys()].sort();
  }

  /**
   * Takes this replica's share of the clusters and keeps it. Resolves once each cluster
   * taken has connected or failed its first attempt, as the live view's start does.
   */
  async start(): Promise<void> {
    this.#stopped = false;
    await this.tick();
    await this.#options.liveView.watch(this.#heldClusters());
    this.#schedule();
  }

  /** Stops watching and gives every lease up, so the others take over at once. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#ticking;
    const names = [...this.#held.keys()];
    await this.#dropLocally(names);
    await this.#options.leases
      .release([...names, this.#replicaLease()], this.owner)
      .catch(error =>
        this.#options.logger.warn(
          `Could not give up the cluster leases on stopping; other replicas take them once they lapse: ${String(
            error,
          )}`,
        ),
      );
  }

  /** One round: renew, count the replicas, give up the excess, take free leases, report. */
  tick(): Promise<void> {
    this.#ticking = this.#ticking.then(() =>
      this.#tick().catch(error =>
        this.#options.logger.warn(
          `Cluster leases could not be kept this round; retrying: ${String(
            error,
          )}`,
        ),
      ),
    );
    return this.#ticking;
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.tick().then(() => this.#schedule());
    }, this.#options.leaseMs / 4);
  }

  async #tick(): Promise<void> {
    if (this.#stopped) return;
    const { leases, liveView, leaseMs } = this.#options;
    const now = this.#now();
    const until = new Date(now.getTime() + leaseMs);
    try {
      await this.#renew(now, until);
    } catch (error) {
      // Unproven leases must not outlive their time: stop watching before they lapse,
      // so a replica that takes them over is the only watcher.
      const renewedAt = this.#lastRenewal?.getTime() ?? 0;
      if (now.getTime() - renewedAt >= (leaseMs * 3) / 4) {
        await this.#dropLocally([...this.#held.keys()]);
      }
      throw error;
    }

    const all = await leases.list();
    const alive = (lease: Lease) => lease.heldUntil.getTime() >= now.getTime();
    const replicas = all.filter(
      lease => lease.name.startsWith(REPLICA) && alive(lease),
    ).length;
    const scopes = [
      ...liveView.clusterNames().map(clusterLeaseName),
      UNCONFIGURED_CLUSTERS_LEASE,
    ];
    const share = Math.ceil(scopes.length / Math.max(1, replicas));

    // Give up the most recently taken beyond the share, so long-held ones stay put.
    const excess = [...this.#held]
      .sort(([, a], [, b]) => b.getTime() - a.getTime())
      .slice(0, Math.max(0, this.#held.size - share))
      .map(([name]) => name);
    if (excess.length > 0) {
      await this.#dropLocally(excess);
      await leases.release(excess, this.owner);
    }

    const taken = new Set(
      all
        .filter(lease => alive(lease) && lease.owner !== this.owner)
        .map(lease => lease.name),
    );
    const free = scopes.filter(
      name => !this.#held.has(name) && !taken.has(name),
    );
    const newlyHeld: string[] = [];
    for (const name of rotate(free, this.owner)) {
      if (this.#held.size >= share) break;
      if (await leases.claim(name, this.owner, until, now)) {
        this.#held.set(name, now);
        newlyHeld.push(name);
      }
    }
    if (newlyHeld.length > 0) {
      this.#options.logger.info(
        `Took ${newlyHeld.join(', ')} (${this.#held.size} of ${
          scopes.length
        } leases, ${replicas} replica(s))`,
      );
      await this.#takeUp(newlyHeld);
    }

    await this.#report(all);
  }

  async #renew(now: Date, until: Date): Promise<void> {
    const { leases } = this.#options;
    const names = [this.#replicaLease(), ...this.#held.keys()];
    const renewed = new Set(await leases.renew(names, this.owner, until));
    this.#lastRenewal = now;
    if (!renewed.has(this.#replicaLease())) {
      await leases.claim(this.#replicaLease(), this.owner, until, now);
    }
    const lost = [...this.#held.keys()].filter(name => !renewed.has(name));
    if (lost.length > 0) {
      this.#options.logger.warn(
        `Lost ${lost.join(
          ', ',
        )}: the leases lapsed and another replica took them`,
      );
      await this.#dropLocally(lost);
    }
  }

  /** Starts what newly taken leases stand for; the first lists run in the background. */
  async #takeUp(names: readonly string[]): Promise<void> {
    const clusters = names
      .filter(name => name.startsWith(CLUSTER))
      .map(name => name.slice(CLUSTER.length));
    for (const cluster of clusters) {
      this.#options.liveView.setReported(cluster, undefined);
    }
    if (clusters.length > 0) {
      this.#options.liveView
        .watch(clusters)
        .catch(error =>
          this.#options.logger.error(
            `Could not start watching ${clusters.join(', ')}`,
            error instanceof Error ? error : undefined,
          ),
        );
      await this.#tell({ type: 'taken', clusters });
    }
    if (names.includes(UNCONFIGURED_CLUSTERS_LEASE)) {
      await this.#options.onUnconfiguredDuty(true);
    }
  }

  /** Stops what these leases stand for here, before they are given up. */
  async #dropLocally(names: readonly string[]): Promise<void> {
    const clusters = names
      .filter(name => name.startsWith(CLUSTER))
      .map(name => name.slice(CLUSTER.length));
    for (const name of names) {
      this.#held.delete(name);
      this.#reported.delete(name);
    }
    await this.#options.liveView.unwatch(clusters);
    if (clusters.length > 0) {
      await this.#tell({ type: 'given-up', clusters });
    }
    if (names.includes(UNCONFIGURED_CLUSTERS_LEASE)) {
      await this.#options.onUnconfiguredDuty(false);
    }
  }

  /** Tells every listener, waiting for each, so a cluster given up is left before release. */
  async #tell(event: ClusterLeaseEvent): Promise<void> {
    await Promise.all(
      [...this.#listeners].map(async listener => {
        try {
          await listener(event);
        } catch (error) {
          this.#options.logger.warn(
            `A listener of clusters ${event.type} (${event.clusters.join(
              ', ',
            )}) failed: ${String(error)}`,
          );
        }
      }),
    );
  }

  /** Reports the clusters held here, and shows the others as their holders reported. */
  async #report(all: readonly Lease[]): Promise<void> {
    const { liveView, leases } = this.#options;
    for (const cluster of liveView.watchedClusters()) {
      const name = clusterLeaseName(cluster);
      if (!this.#held.has(name)) continue;
      const report = JSON.stringify(liveView.status(cluster));
      if (this.#reported.get(name) === report) continue;
      await leases.report(name, this.owner, JSON.parse(report));
      this.#reported.set(name, report);
    }
    const watched = new Set(liveView.watchedClusters());
    const byName = new Map(all.map(lease => [lease.name, lease]));
    for (const cluster of liveView.clusterNames()) {
      if (watched.has(cluster)) continue;
      const lease = byName.get(clusterLeaseName(cluster));
      liveView.setReported(
        cluster,
        lease && lease.heldUntil.getTime() >= this.#now().getTime()
          ? reviveStatus(lease.report)
          : undefined,
      );
    }
  }

  #heldClusters(): string[] {
    return [...this.#held.keys()]
      .filter(name => name.startsWith(CLUSTER))
      .map(name => name.slice(CLUSTER.length));
  }

  #replicaLease(): string {
    return `${REPLICA}${this.owner}`;
  }
}

/** The free leases in an order of this replica's own, so replicas rarely race for one. */
function rotate(names: readonly string[], owner: string): string[] {
  if (names.length === 0) return [];
  let hash = 0;
  for (const char of owner) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const start = hash % names.length;
  return [...names.slice(start), ...names.slice(0, start)];
}

/** A reported status read back from JSON, with its dates; undefined when malformed. */
function reviveStatus(report: unknown): ClusterStatus | undefined {
  if (typeof report !== 'object' || report === null) return undefined;
  const { connection, policyCount, clusterScopedPolicies } = report as {
    connection?: Record<string, unknown>;
    policyCount?: unknown;
    clusterScopedPolicies?: ClusterScopedPolicies;
  };
  if (
    typeof connection?.state !== 'string' ||
    typeof policyCount !== 'number'
  ) {
    return undefined;
  }
  const revived: Record<string, unknown> = { ...connection };
  for (const field of ['since', 'lastSyncedAt']) {
    if (typeof revived[field] === 'string') {
      revived[field] = new Date(revived[field] as string);
    }
  }
  return {
    connection: revived as unknown as ClusterConnection,
    policyCount,
    // Reported by replicas of an older version without it: left out, not known.
    ...(Array.isArray(clusterScopedPolicies?.objects) &&
    Array.isArray(clusterScopedPolicies?.counted)
      ? { clusterScopedPolicies }
      : {}),
  };
}
