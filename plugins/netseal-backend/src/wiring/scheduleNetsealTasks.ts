import type {
  AuthService,
  LifecycleService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NetsealConfig } from '../config/readNetsealConfig';
import { readTrackedEntities } from '../engine/readTrackedEntities';
import { scheduleHistoryRetention } from '../history/scheduleHistoryRetention';
import type { NetsealServices } from './createNetsealServices';

/** Netseal's recurring work, on Backstage's scheduler. */
export async function scheduleNetsealTasks(options: {
  services: NetsealServices;
  config: NetsealConfig;
  scheduler: SchedulerService;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  lifecycle: LifecycleService;
}): Promise<void> {
  const { services, config, scheduler, logger } = options;
  const { liveView, engine, requests, rollouts, restores, guards, database } =
    services;

  // One sync at a time: the scheduled one and the one at start may meet.
  let driftSync: Promise<void> | undefined;
  const synchronizeDrift = (): Promise<void> =>
    (driftSync ??= (async () =>
      engine.synchronize(
        await readTrackedEntities({
          catalog: options.catalog,
          auth: options.auth,
          logger,
        }),
      ))().finally(() => {
      driftSync = undefined;
    }));

  await scheduler.scheduleTask({
    id: 'netseal-cluster-resync',
    frequency: config.resyncInterval,
    timeout: { minutes: 5 },
    // Every replica lists again the clusters it watches.
    scope: 'local',
    fn: () => liveView.resync(),
  });
  await scheduler.scheduleTask({
    id: 'netseal-drift-sync',
    frequency: config.policySourcesRefreshInterval,
    timeout: { minutes: 10 },
    initialDelay: { seconds: 5 },
    // Every replica checks the clusters it watches, with the sources read by ETag.
    scope: 'local',
    fn: synchronizeDrift,
  });
  await scheduleHistoryRetention({
    scheduler,
    store: database.driftStore,
    logger,
    retentionDays: config.historyRetentionDays,
  });
  await scheduler.scheduleTask({
    id: 'netseal-requests-poll',
    frequency: config.rollouts.pollInterval,
    timeout: { minutes: 10 },
    initialDelay: { seconds: 10 },
    fn: async () => {
      await requests.refreshUndecided();
      await rollouts.resumeAll();
      await restores.resumeAll();
    },
  });
  if (services.selfHeal) {
    const { selfHeal } = services;
    await scheduler.scheduleTask({
      id: 'netseal-self-heal',
      frequency: config.rollouts.pollInterval,
      timeout: { minutes: 10 },
      initialDelay: { seconds: 15 },
      // One replica at a time: the policies a back-off or the rate limit held back.
      fn: () => selfHeal.sweep(),
    });
  }
  await scheduler.scheduleTask({
    id: 'netseal-guard-check',
    frequency: config.resyncInterval,
    timeout: { minutes: 5 },
    initialDelay: { seconds: 5 },
    // Every replica keeps its own view of the guards, as of the clusters.
    scope: 'local',
    fn: () => guards.checkAll(services.clusters.map(cluster => cluster.name)),
  });

  // Backstage's scheduler frees a run of a global task only when its timeout lapses, so
  // after a backend was killed during one (a crash, an OOM kill) the resumption of
  // rollouts and restores would wait up to 10 minutes. A starting backend does them once
  // itself, and its first drift sync (of the clusters it watches) too: its engine's
  // entities are its own, and a rollout's or a restore's lease keeps replicas from
  // running it twice.
  options.lifecycle.addStartupHook(() => {
    synchronizeDrift().catch(error =>
      logger.error(
        'The drift sync at start failed; the scheduled one tries again',
        error instanceof Error ? error : undefined,
      ),
    );
    for (const [what, resume] of [
      ['rollouts', () => rollouts.resumeAll()],
      ['restores', () => restores.resumeAll()],
    ] as const) {
      resume().catch(error =>
        logger.error(
          `Resuming ${what} at start failed; the scheduled poll tries again`,
          error instanceof Error ? error : undefined,
        ),
      );
    }
  });
}
