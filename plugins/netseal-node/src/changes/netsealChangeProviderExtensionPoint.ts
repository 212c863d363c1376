import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { NetsealChangeProvider } from './NetsealChangeProvider';

/**
 * Lets backend modules add Git hosts for replacement requests.
 *
 * @public
 */
export interface NetsealChangeProviderExtensionPoint {
  /**
   * Registers a change provider. Any number may be registered; the backend has none of
   * its own, so a policy source's Git host is served only when its module is installed
   * (`@netseal/backstage-plugin-netseal-backend-module-github`, `...-module-local-git`).
   * For a policy source the backend asks the providers in registration order and uses the
   * first whose `supports` accepts its URL. Each provider's `id` must be unique, since
   * stored changes name their provider by it.
   */
  addChangeProvider(provider: NetsealChangeProvider): void;
}

/**
 * The extension point through which modules add Git hosts (GitLab, Bitbucket, ...) that
 * replacement requests become changes on.
 *
 * @example
 * ```ts
 * export default createBackendModule({
 *   pluginId: 'netseal',
 *   moduleId: 'gitlab-changes',
 *   register(env) {
 *     env.registerInit({
 *       deps: {
 *         changes: netsealChangeProviderExtensionPoint,
 *         config: coreServices.rootConfig,
 *       },
 *       async init({ changes, config }) {
 *         changes.addChangeProvider(GitLabChangeProvider.fromConfig(config));
 *       },
 *     });
 *   },
 * });
 * ```
 *
 * @public
 */
export const netsealChangeProviderExtensionPoint =
  createExtensionPoint<NetsealChangeProviderExtensionPoint>({
    id: 'netseal.change-provider',
  });
