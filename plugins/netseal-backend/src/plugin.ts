import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { readDurationFromConfig } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { netsealPermissions } from '@netseal/backstage-plugin-netseal-common';
import {
  NetsealChangeProvider,
  netsealChangeProviderExtensionPoint,
  netsealClusterSupplierExtensionPoint,
} from '@netseal/backstage-plugin-netseal-node';
import {
  ClusterLiveState,
  ClusterSupplierRegistry,
  ConfigClusterSupplier,
  readResyncInterval,
} from './clusters';
import { DatabaseDriftStore } from './database';
import { DriftEngine } from './engine/DriftEngine';
import { driftMetrics } from './engine/driftMetrics';
import { driftNotifier } from './engine/driftNotifier';
import { driftSignals } from './engine/driftSignals';
import { readTrackedEntities } from './engine/readTrackedEntities';
import { readHistoryRetentionDays } from './history/readHistoryRetentionDays';
import { scheduleHistoryRetention } from './history/scheduleHistoryRetention';
import { DatabaseRequestStore } from './requests/DatabaseRequestStore';
import { GithubChangeProvider } from './requests/providers/github';
import { LocalGitChangeProvider } from './requests/providers/LocalGitChangeProvider';
import { readRequiredApprovals } from './requests/readRequiredApprovals';
import { RequestService } from './requests/RequestService';
import { GuardService } from './guard/GuardService';
import { readGuardDeleteExceptions } from './guard/readGuardDeleteExceptions';
import { DatabaseRolloutStore } from './rollout/DatabaseRolloutStore';
import { subscribeToGithubChangeEvents } from './rollout/githubChangeEvents';
import { readRolloutConfig } from './rollout/readRolloutConfig';
import { RolloutService } from './rollout/RolloutService';
import { createRouter } from './router';
import { UrlReaderPolicySourceReader } from './sources/UrlReaderPolicySourceReader';

/**
 * Netseal's backend plugin: cluster access, drift engine, requests and rollouts.
 *
 * @public
 */
export const netsealPlugin = createBackendPlugin({
  pluginId: 'netseal',
  register(env) {
    const clusterSuppliers = new ClusterSupplierRegistry();
    env.registerExtensionPoint(
      netsealClusterSupplierExtensionPoint,
      clusterSuppliers,
    );
    // Modules' providers are asked first, in registration order, then the built-in one.
    const changeProviders: NetsealChangeProvider[] = [];
    env.registerExtensionPoint(netsealChangeProviderExtensionPoint, {
      addChangeProvider(provider) {
        changeProviders.push(provider);
      },
    });

    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        events: eventsServiceRef,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        metrics: metricsServiceRef,
        notifications: notificationService,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        signals: signalsServiceRef,
        urlReader: coreServices.urlReader,
      },
      async init(deps) {
        const { config, logger, scheduler, lifecycle } = deps;
        deps.permissionsRegistry.addPermissions(netsealPermissions);

        const retentionDays = readHistoryRetentionDays(config);
        const store = await DatabaseDriftStore.create({
          database: deps.database,
        });
        const supplier = await clusterSuppliers.resolve({
          getBuiltIn: async () => ConfigClusterSupplier.fromConfig(config),
          logger,
        });
        const clusters = await supplier.getClusters();
        const liveState = ClusterLiveState.create({ clusters, logger });
        await liveState.start();

        const requestStore = await DatabaseRequestStore.create({
          database: deps.database,
        });
        const engine = new DriftEngine({
          liveState,
          pendingChanges: requestStore,
          sources: new UrlReaderPolicySourceReader(deps.urlReader),
          store,
          logger,
          listeners: [
            driftNotifier({ notifications: deps.notifications, logger }),
            driftSignals({ signals: deps.signals, logger }),
            driftMetrics({ metrics: deps.metrics, store, logger }),
          ],
        });
        engine.start();
        lifecycle.addShutdownHook(async () => {
          await engine.stop();
          await liveState.stop();
        });

        await scheduler.scheduleTask({
          id: 'netseal-cluster-resync',
          frequency: readResyncInterval(config),
          timeout: { minutes: 5 },
          // Every replica keeps its own live view.
          scope: 'local',
          fn: () => liveState.resync(),
        });
        await scheduler.scheduleTask({
          id: 'netseal-drift-sync',
          frequency: config.has('netseal.policySources.refreshInterval')
            ? readDurationFromConfig(config, {
                key: 'netseal.policySources.refreshInterval',
              })
            : { minutes: 5 },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 5 },
          fn: async () =>
            engine.synchronize(
              await readTrackedEntities({
                catalog: deps.catalog,
                auth: deps.auth,
                logger,
              }),
            ),
        });
        await scheduleHistoryRetention({
          scheduler,
          store,
          logger,
          retentionDays,
        });

        const rolloutConfig = readRolloutConfig(config);
        const providers = [
          ...changeProviders,
          GithubChangeProvider.fromConfig(config),
          LocalGitChangeProvider.fromConfig(config),
        ];
        const requiredApprovals = readRequiredApprovals(config);
        // The request service tells the rollout service of merges, and the rollout
        // service moves requests through the request service: one is made first, and
        // the other is found through this holder once it exists.
        const rolloutHolder: { service?: RolloutService } = {};
        const requests = new RequestService({
          store: requestStore,
          driftStore: store,
          liveState,
          sources: new UrlReaderPolicySourceReader(deps.urlReader),
          providers,
          auditor: deps.auditor,
          logger,
          requiredApprovals,
          // A merge puts a new seal in the policy source, and a rollout's progress
          // makes policies pending or not: the entity's statuses follow at once,
          // and after a merge its source is read now rather than at the next refresh.
          onTransition: async request => {
            rolloutHolder.service?.onTransition(request);
            await engine.recheck(request.entityRef, {
              readSource: request.state === 'merged',
            });
          },
        });
        const rolloutService = new RolloutService({
          requests,
          store: await DatabaseRolloutStore.create({ database: deps.database }),
          providers,
          cluster: name => clusters.find(cluster => cluster.name === name),
          liveState,
          auditor: deps.auditor,
          logger,
          notifications: deps.notifications,
          requiredApprovals,
          autoStart: rolloutConfig.autoStart,
        });
        rolloutHolder.service = rolloutService;
        lifecycle.addShutdownHook(() => rolloutService.stop());
        await subscribeToGithubChangeEvents({
          events: deps.events,
          logger,
          refresh: only => requests.refreshUndecided(only),
        });
        await scheduler.scheduleTask({
          id: 'netseal-requests-poll',
          frequency: rolloutConfig.pollInterval,
          timeout: { minutes: 10 },
          initialDelay: { seconds: 10 },
          fn: async () => {
            await requests.refreshUndecided();
            await rolloutService.resumeAll();
          },
        });

        const guards = new GuardService({
          cluster: name => clusters.find(cluster => cluster.name === name),
          deleteExceptions: readGuardDeleteExceptions(config),
          auditor: deps.auditor,
          logger,
        });
        await scheduler.scheduleTask({
          id: 'netseal-guard-check',
          frequency: readResyncInterval(config),
          timeout: { minutes: 5 },
          initialDelay: { seconds: 5 },
          // Every replica keeps its own view of the guards, as of the clusters.
          scope: 'local',
          fn: () => guards.checkAll(clusters.map(cluster => cluster.name)),
        });

        deps.httpRouter.use(
          await createRouter({
            logger,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            catalog: deps.catalog,
            store,
            liveState,
            requests,
            rollouts: rolloutService,
            guards,
          }),
        );
        // Load balancers and uptime checks call this without a Backstage token.
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
