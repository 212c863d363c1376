import type {
  AuditorService,
  DatabaseService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import { durationToMilliseconds } from '@backstage/types';
import type {
  ClusterDetails,
  NetsealChangeProvider,
} from '@netseal/backstage-plugin-netseal-node';
import {
  AttestationService,
  UNSIGNED_REASON,
} from '../attestation/AttestationService';
import { ProvenanceService } from '../provenance/ProvenanceService';
import { ComplianceService } from '../compliance/ComplianceService';
import { KubernetesLiveView } from '../clusters';
import type { NetsealConfig } from '../config/readNetsealConfig';
import { NetsealDatabase } from '../database';
import { ClusterLeaseKeeper } from '../engine/ClusterLeaseKeeper';
import { DriftEngine } from '../engine/DriftEngine';
import { driftMetrics } from '../engine/driftMetrics';
import { driftNotifier } from '../engine/driftNotifier';
import { driftSignals } from '../engine/driftSignals';
import { GuardService } from '../guard/GuardService';
import { GuardWatch } from '../guard/GuardWatch';
import { requestPortalUrl } from '../requests/requestPortalUrl';
import { RequestWorkers } from '../requests/RequestWorkers';
import { RequestService } from '../requests/RequestService';
import { RestoreService } from '../restore/RestoreService';
import { SelfHeal } from '../restore/SelfHeal';
import { RolloutService } from '../rollout/RolloutService';
import { UrlReaderPolicySourceReader } from '../sources/UrlReaderPolicySourceReader';

/** Netseal's services, built and connected, with what starts and stops them. */
export interface NetsealServices {
  database: NetsealDatabase;
  liveView: KubernetesLiveView;
  /** Which clusters this replica watches, by leases shared with the other replicas. */
  clusterLeases: ClusterLeaseKeeper;
  engine: DriftEngine;
  requests: RequestService;
  rollouts: RolloutService;
  restores: RestoreService;
  /** Signs completed rollouts and restores when a key is configured. */
  attestations: AttestationService;
  provenance: ProvenanceService;
  compliance: ComplianceService;
  /** Present when `netseal.drift.selfHeal.enabled`. */
  selfHeal?: SelfHeal;
  guards: GuardService;
  /** The configured clusters, in configuration order. */
  clusters: ClusterDetails[];
  /** Takes this replica's share of the clusters, follows them, connects the change providers. */
  start(): Promise<void>;
  /**
   * Stops the engine, the rollouts and restores this replica runs, and the cluster and
   * guard watches.
   */
  stop(): Promise<void>;
}

/**
 * Builds every service once and connects them through their events, never through each
 * other's internals: request transitions reach the rollout service (which subscribes
 * itself) and the drift engine; live changes reach the engine from the live view.
 */
export async function createNetsealServices(options: {
  config: NetsealConfig;
  clusters: ClusterDetails[];
  providers: readonly NetsealChangeProvider[];
  database: DatabaseService;
  urlReader: UrlReaderService;
  auditor: AuditorService;
  logger: LoggerService;
  metrics: MetricsService;
  notifications: NotificationService;
  signals: SignalsService;
}): Promise<NetsealServices> {
  const { config, clusters, providers, auditor, logger } = options;
  const clusterNamed = (name: string) =>
    clusters.find(cluster => cluster.name === name);
  const portalUrl = (request: { id: string; entityRef: string }) =>
    requestPortalUrl(config.appBaseUrl, request);
  const database = await NetsealDatabase.create({
    database: options.database,
  });
  const {
    driftStore,
    requestStore,
    rolloutStore,
    restoreStore,
    attestationStore,
  } = database;
  const sources = new UrlReaderPolicySourceReader(options.urlReader);
  const liveView = KubernetesLiveView.create({ clusters, logger });

  const restores = new RestoreService({
    store: restoreStore,
    rollouts: rolloutStore,
    drift: driftStore,
    liveView,
    cluster: clusterNamed,
    auditor,
    logger,
    notifications: options.notifications,
    // A restore runs the same resumable steps as a rollout, under the same lease.
    leaseMs: durationToMilliseconds(config.rollouts.leaseDuration),
  });
  // Self-heal hears of drift as the engine's listener, as notifications do.
  const selfHeal = config.drift.selfHeal
    ? new SelfHeal({
        restores,
        store: restoreStore,
        drift: driftStore,
        limits: config.drift.selfHeal,
        logger,
      })
    : undefined;

  const engine = new DriftEngine({
    liveView,
    // A policy is pending while a merged request rolls it out, or a restore runs on it.
    pendingChanges: {
      listPendingChanges: async () => [
        ...(await requestStore.listPendingChanges()),
        ...(await restoreStore.listUnfinished()).map(restore => ({
          requestId: restore.id,
          kind: 'restore' as const,
          entityRef: restore.entityRef,
          state: 'rolling-out' as const,
          change: {
            op: 'replace' as const,
            cluster: restore.cluster,
            namespace: restore.namespace,
            name: restore.name,
            newSeal: restore.seal,
          },
        })),
      ],
    },
    sources,
    store: driftStore,
    logger,
    // The replica holding the lease of the unconfigured clusters writes them.
    checksUnconfigured: false,
    listeners: [
      driftNotifier({ notifications: options.notifications, logger }),
      driftSignals({ signals: options.signals, logger }),
      driftMetrics({ metrics: options.metrics, store: driftStore, logger }),
      ...(selfHeal ? [selfHeal] : []),
    ],
  });
  const clusterLeases = new ClusterLeaseKeeper({
    liveView,
    leases: database.leaseStore,
    logger,
    leaseMs: durationToMilliseconds(config.clusterLeaseDuration),
    onUnconfiguredDuty: held => engine.setChecksUnconfigured(held),
  });
  // Validating large manifests and analysing large clusters take seconds of CPU: they
  // run off the event loop.
  const requestWorkers = new RequestWorkers({
    size: config.accessAnalysis.workers,
    timeoutMs: config.accessAnalysis.timeoutMs,
    logger,
  });
  // The live view shows the restored object within moments anyway; checking the entity
  // when the restore ends makes its status follow at once, on this replica too.
  restores.subscribe(({ restore }) => engine.recheck(restore.entityRef));
  const requests = new RequestService({
    store: requestStore,
    driftStore,
    liveView,
    sources,
    providers,
    auditor,
    logger,
    requiredApprovals: config.requiredApprovals,
    workers: requestWorkers,
    accessAnalysisBudget: config.accessAnalysis.budget,
    portalUrl,
  });
  // A merge puts a new seal in the policy source, and a rollout's progress makes
  // policies pending or not: the entity's statuses follow at once, and after a merge its
  // source is read now rather than at the next refresh.
  requests.subscribe(request =>
    engine.recheck(request.entityRef, {
      readSource: request.state === 'merged',
    }),
  );
  const rollouts = new RolloutService({
    requests,
    store: rolloutStore,
    providers,
    cluster: clusterNamed,
    liveView,
    auditor,
    logger,
    notifications: options.notifications,
    requiredApprovals: config.requiredApprovals,
    autoStart: config.rollouts.autoStart,
    leaseMs: durationToMilliseconds(config.rollouts.leaseDuration),
    requestPageUrl: portalUrl,
  });
  // Completed rollouts and restores are signed as they end: a request's move to
  // `completed` and a restore's end are the events.
  const attestations = new AttestationService({
    store: attestationStore,
    rollouts: rolloutStore,
    key: config.attestation,
    logger,
  });
  requests.subscribe(request => attestations.onRequestTransition(request));
  restores.subscribe(view => attestations.onRestoreEnded(view));
  // Provenance is recorded from the same events: how each policy's current seal got there.
  const provenance = new ProvenanceService({
    store: database.provenanceStore,
    rollouts: rolloutStore,
    logger,
  });
  requests.subscribe(request => provenance.onRequestTransition(request));
  restores.subscribe(view => provenance.onRestoreEnded(view));
  const compliance = new ComplianceService({
    driftStore: database.driftStore,
    provenanceStore: database.provenanceStore,
    guardHistoryStore: database.guardHistoryStore,
    restoreStore: database.restoreStore,
    rolloutStore,
    clusterNames: () => liveView.clusterNames(),
    ...(attestations.keyId ? {} : { unsignedReason: UNSIGNED_REASON }),
  });
  const guards = new GuardService({
    cluster: clusterNamed,
    deleteExceptions: config.guard.deleteExceptions,
    auditor,
    logger,
  });
  // The guard's status history, for the compliance report's protected share.
  guards.subscribe(({ cluster, state }) =>
    database.guardHistoryStore
      .record({
        cluster,
        status: state.status,
        ...(state.reason ? { reason: state.reason } : {}),
        observedAt: state.checkedAt,
      })
      .catch(error =>
        logger.warn(
          `Could not record the guard status of cluster ${cluster}: ${
            (error as Error).message
          }`,
        ),
      ),
  );

  // A guard deleted or changed with kubectl shows within seconds; the periodic check
  // (netseal-guard-check) stays for clusters whose read-only identity may not watch, and
  // for the clusters other replicas watch. The guard's watches follow the cluster's
  // lease as the live view's do, so each cluster is watched by one replica; a lone
  // replica takes every lease, so it follows every guard.
  const guardWatch = new GuardWatch({
    clusters,
    onChange: name => void guards.check(name),
    logger,
  });
  clusterLeases.subscribe(event =>
    event.type === 'taken'
      ? guardWatch.watch(event.clusters)
      : guardWatch.unwatch(event.clusters),
  );

  return {
    database,
    liveView,
    clusterLeases,
    engine,
    requests,
    rollouts,
    restores,
    attestations,
    provenance,
    compliance,
    selfHeal,
    guards,
    clusters,
    async start() {
      await clusterLeases.start();
      engine.start();
      for (const provider of providers) {
        await provider.connect?.({
          refresh: matches => requests.refreshUndecided(matches),
        });
      }
    },
    async stop() {
      await engine.stop();
      await rollouts.stop();
      await clusterLeases.stop();
      await restores.stop();
      await attestations.settle();
      await provenance.settle();
      await guardWatch.stop();
      await liveView.stop();
      await requestWorkers.close();
    },
  };
}
