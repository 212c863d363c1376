import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { NetsealChangeProvider } from './NetsealChangeProvider';

/**
 * Lets backend modules add Git hosts for replacement requests.
 *
 * @public
 */
export interface NetsealChangeProviderExtensionPoint {
  /**
   * Registers a change provider. Any number may be registered. For a policy source the
   * backend asks the registered providers in registration order, then the built-in ones
   * (GitHub, local Git), and uses the first whose `supports` accepts its URL; so a module
   * can take over a host the built-in providers also support. Each provider's `id` must
   * be unique, since stored changes name their provider by it.
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
