import { createExtensionPoint } from '@backstage/backend-plugin-api';
import {
  NetsealClusterSupplier,
  NetsealClusterSupplierFactory,
} from './NetsealClusterSupplier';

/**
 * Lets backend modules change which clusters Netseal watches.
 *
 * @public
 */
export interface NetsealClusterSupplierExtensionPoint {
  /**
   * Registers a cluster supplier.
   *
   * Pass a factory to wrap the supplier it replaces (call `getDefault()` and add to or
   * filter its clusters); pass a plain supplier to replace it. Registrations compose in
   * the order the backend registers them: the first receives the built-in supplier, each
   * later one the result of the one before. A second registration is accepted, never an
   * error; the backend logs a warning when a registration drops the clusters of an
   * earlier one without calling `getDefault()`.
   */
  addClusterSupplier(
    supplier: NetsealClusterSupplier | NetsealClusterSupplierFactory,
  ): void;
}

/**
 * The extension point through which modules supply the clusters Netseal watches.
 *
 * @example
 * ```ts
 * export default createBackendModule({
 *   pluginId: 'netseal',
 *   moduleId: 'vault-cluster-credentials',
 *   register(env) {
 *     env.registerInit({
 *       deps: { clusters: netsealClusterSupplierExtensionPoint },
 *       async init({ clusters }) {
 *         clusters.addClusterSupplier(({ getDefault }) => ({
 *           async getClusters() {
 *             const configured = await (await getDefault()).getClusters();
 *             return [...configured, ...(await clustersFromVault())];
 *           },
 *         }));
 *       },
 *     });
 *   },
 * });
 * ```
 *
 * @public
 */
export const netsealClusterSupplierExtensionPoint =
  createExtensionPoint<NetsealClusterSupplierExtensionPoint>({
    id: 'netseal.cluster-supplier',
  });
