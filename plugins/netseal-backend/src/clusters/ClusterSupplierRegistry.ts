import { LoggerService } from '@backstage/backend-plugin-api';
import type {
  NetsealClusterSupplier,
  NetsealClusterSupplierExtensionPoint,
  NetsealClusterSupplierFactory,
} from '@netseal/backstage-plugin-netseal-node';

type Registration = NetsealClusterSupplier | NetsealClusterSupplierFactory;

/**
 * The backend's side of `netsealClusterSupplierExtensionPoint`: it collects the
 * registrations of modules and composes them over the built-in supplier.
 */
export class ClusterSupplierRegistry
  implements NetsealClusterSupplierExtensionPoint
{
  private readonly registrations: Registration[] = [];

  addClusterSupplier(supplier: Registration): void {
    this.registrations.push(supplier);
  }

  /**
   * The supplier Netseal uses: the built-in one, wrapped or replaced by each
   * registration in turn. The built-in one is created only if someone asks for it.
   */
  async resolve(options: {
    getBuiltIn: () => Promise<NetsealClusterSupplier>;
    logger: LoggerService;
  }): Promise<NetsealClusterSupplier> {
    let getPrevious = once(options.getBuiltIn);
    for (const [index, registration] of this.registrations.entries()) {
      if (typeof registration !== 'function' && index > 0) {
        options.logger.warn(
          `Netseal cluster supplier #${
            index + 1
          } replaces the clusters of supplier #${index}. To keep them, register a factory and add to the clusters of getDefault()`,
        );
      }
      const supplier =
        typeof registration === 'function'
          ? await registration({ getDefault: getPrevious })
          : registration;
      getPrevious = async () => supplier;
    }
    return getPrevious();
  }
}

function once<T>(create: () => Promise<T>): () => Promise<T> {
  let created: Promise<T> | undefined;
  return () => {
    created ??= create();
    return created;
  };
}
