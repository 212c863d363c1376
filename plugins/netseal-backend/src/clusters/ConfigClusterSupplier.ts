import { Config } from '@backstage/config';
import type {
  ClusterDetails,
  NetsealClusterSupplier,
} from '@netseal/backstage-plugin-netseal-node';
import { readClusterConfigs } from './readClusterConfigs';

/**
 * The built-in cluster supplier: `netseal.clusters`, or the Kubernetes plugin's
 * config-located clusters. The configuration is read once, when it is created, so that
 * a configuration error stops the backend at start-up.
 */
export class ConfigClusterSupplier implements NetsealClusterSupplier {
  private constructor(private readonly clusters: ClusterDetails[]) {}

  static fromConfig(config: Config): ConfigClusterSupplier {
    return new ConfigClusterSupplier(readClusterConfigs(config));
  }

  async getClusters(): Promise<ClusterDetails[]> {
    return [...this.clusters];
  }
}
