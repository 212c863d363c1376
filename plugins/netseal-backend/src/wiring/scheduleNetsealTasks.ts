import type {
  AuthService,
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
}): Promise<void> {
  const { services, config, scheduler, logger } = options;
  const { liveView, engine, requests, rollouts, restores, guards, database } =
    services;

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
    fn: async () =>
      engine.synchronize(
        await readTrackedEntities({
          catalog: options.catalog,
          auth: options.auth,
          logger,
        }),
      ),
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
}
