import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  actionsRegistryServiceRef,
  metricsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { netsealPermissions } from '@netseal/backstage-plugin-netseal-common';
import {
  NetsealChangeProvider,
  netsealChangeProviderExtensionPoint,
  netsealClusterSupplierExtensionPoint,
} from '@netseal/backstage-plugin-netseal-node';
import { registerNetsealActions } from './actions';
import { ClusterSupplierRegistry, ConfigClusterSupplier } from './clusters';
import { readNetsealConfig } from './config/readNetsealConfig';
import { Authorization } from './http/authorization';
import { createRouter } from './http/router';
import { createNetsealServices } from './wiring/createNetsealServices';
import { scheduleNetsealTasks } from './wiring/scheduleNetsealTasks';

/**
 * Netseal's backend plugin: cluster access, drift engine, requests and rollouts. Git
 * hosts come from modules, through the change provider extension point.
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
    const changeProviders: NetsealChangeProvider[] = [];
    env.registerExtensionPoint(netsealChangeProviderExtensionPoint, {
      addChangeProvider: provider => changeProviders.push(provider),
    });

    env.registerInit({
      deps: {
        actionsRegistry: actionsRegistryServiceRef,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
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
        const config = readNetsealConfig(deps.config);
        deps.permissionsRegistry.addPermissions(netsealPermissions);
        const supplier = await clusterSuppliers.resolve({
          getBuiltIn: async () => ConfigClusterSupplier.fromConfig(deps.config),
          logger: deps.logger,
        });
        const services = await createNetsealServices({
          ...deps,
          config,
          clusters: await supplier.getClusters(),
          providers: changeProviders,
        });
        await services.start();
        deps.lifecycle.addShutdownHook(() => services.stop());
        await scheduleNetsealTasks({ ...deps, services, config });

        deps.httpRouter.use(await createRouter({ ...deps, ...services }));
        registerNetsealActions(deps.actionsRegistry, {
          auth: deps.auth,
          authorization: new Authorization(deps),
          driftStore: services.database.driftStore,
          requests: services.requests,
          liveView: services.liveView,
        });
        // Load balancers and uptime checks call this without a Backstage token.
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
