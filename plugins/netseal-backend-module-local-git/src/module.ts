import {
  coreServices,
  createBackendFeatureLoader,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { netsealChangeProviderExtensionPoint } from '@netseal/backstage-plugin-netseal-node';
import { LocalGitChangeProvider } from './LocalGitChangeProvider';
import { localGitUrlReaderServiceFactory } from './LocalGitUrlReader';

/**
 * The local Git change provider alone: replacement requests as branches of the Git
 * repositories below `netseal.localGitReader.allow`, reviewed and merged in the portal.
 *
 * @public
 */
export const netsealModuleLocalGitChanges = createBackendModule({
  pluginId: 'netseal',
  moduleId: 'local-git',
  register(env) {
    env.registerInit({
      deps: {
        changeProviders: netsealChangeProviderExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ changeProviders, config }) {
        changeProviders.addChangeProvider(
          LocalGitChangeProvider.fromConfig(config),
        );
      },
    });
  },
});

/**
 * Policy sources in Git repositories on the backend's disk, in one line: the `file://`
 * URL reader and the change provider that files requests as branches there. A service
 * factory cannot come from a module, so the two come as a feature loader.
 *
 * @public
 */
export const netsealModuleLocalGit = createBackendFeatureLoader({
  *loader() {
    yield netsealModuleLocalGitChanges;
    yield localGitUrlReaderServiceFactory;
  },
});
