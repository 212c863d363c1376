import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { netsealChangeProviderExtensionPoint } from '@netseal/backstage-plugin-netseal-node';
import { GithubChangeProvider } from './GithubChangeProvider';

/**
 * Replacement requests on GitHub: pull requests in the policy source's repository,
 * credentials from `integrations.github` (a GitHub App or a token), and pull request
 * webhooks followed through `@backstage/plugin-events-backend-module-github`.
 *
 * @public
 */
export const netsealModuleGithub = createBackendModule({
  pluginId: 'netseal',
  moduleId: 'github',
  register(env) {
    env.registerInit({
      deps: {
        changeProviders: netsealChangeProviderExtensionPoint,
        config: coreServices.rootConfig,
        events: eventsServiceRef,
        logger: coreServices.logger,
      },
      async init({ changeProviders, config, events, logger }) {
        changeProviders.addChangeProvider(
          GithubChangeProvider.fromConfig(config, { events, logger }),
        );
      },
    });
  },
});
