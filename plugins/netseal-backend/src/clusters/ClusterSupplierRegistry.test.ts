import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  ClusterDetails,
  NetsealClusterSupplier,
  netsealClusterSupplierExtensionPoint,
} from '@netseal/backstage-plugin-netseal-node';
import { ClusterSupplierRegistry } from './ClusterSupplierRegistry';

function cluster(name: string): ClusterDetails {
  return {
    name,
    url: `https://${name}.example.com`,
    auth: { kind: 'token', token: 't' },
  };
}

function supplierOf(...names: string[]): NetsealClusterSupplier {
  return { getClusters: async () => names.map(cluster) };
}

async function clusterNames(supplier: NetsealClusterSupplier) {
  return (await supplier.getClusters()).map(c => c.name);
}

describe('ClusterSupplierRegistry', () => {
  const builtIn = async () => supplierOf('from-config');

  it('uses the built-in supplier when no module registers one', async () => {
    const registry = new ClusterSupplierRegistry();
    const logger = mockServices.logger.mock();

    const supplier = await registry.resolve({ getBuiltIn: builtIn, logger });

    expect(await clusterNames(supplier)).toEqual(['from-config']);
  });

  it('lets a factory wrap the built-in supplier', async () => {
    const registry = new ClusterSupplierRegistry();
    registry.addClusterSupplier(({ getDefault }) => ({
      async getClusters() {
        const configured = await (await getDefault()).getClusters();
        return [...configured, cluster('from-vault')];
      },
    }));

    const supplier = await registry.resolve({
      getBuiltIn: builtIn,
      logger: mockServices.logger.mock(),
    });

    expect(await clusterNames(supplier)).toEqual(['from-config', 'from-vault']);
  });

  it('composes several registrations in order instead of refusing the second', async () => {
    const registry = new ClusterSupplierRegistry();
    registry.addClusterSupplier(({ getDefault }) => ({
      getClusters: async () => [
        ...(await (await getDefault()).getClusters()),
        cluster('second'),
      ],
    }));
    registry.addClusterSupplier(async ({ getDefault }) => {
      const previous = await getDefault();
      return {
        getClusters: async () =>
          (await previous.getClusters()).filter(c => c.name !== 'from-config'),
      };
    });

    const supplier = await registry.resolve({
      getBuiltIn: builtIn,
      logger: mockServices.logger.mock(),
    });

    expect(await clusterNames(supplier)).toEqual(['second']);
  });

  it('replaces with a plain supplier, and warns when that drops an earlier registration', async () => {
    const registry = new ClusterSupplierRegistry();
    const logger = mockServices.logger.mock();
    const getBuiltIn = jest.fn(builtIn);
    registry.addClusterSupplier(supplierOf('first'));
    registry.addClusterSupplier(supplierOf('second'));

    const supplier = await registry.resolve({ getBuiltIn, logger });

    expect(await clusterNames(supplier)).toEqual(['second']);
    expect(logger.warn).toHaveBeenCalledWith(
      'Netseal cluster supplier #2 replaces the clusters of supplier #1. To keep them, register a factory and add to the clusters of getDefault()',
    );
    // Nobody asked for the configured clusters, so the configuration was not read.
    expect(getBuiltIn).not.toHaveBeenCalled();
  });

  it('receives registrations through the extension point in a backend', async () => {
    const resolved: string[][] = [];
    const testPlugin = createBackendPlugin({
      pluginId: 'netseal',
      register(env) {
        const registry = new ClusterSupplierRegistry();
        env.registerExtensionPoint(
          netsealClusterSupplierExtensionPoint,
          registry,
        );
        env.registerInit({
          deps: { logger: coreServices.logger },
          async init({ logger }) {
            const supplier = await registry.resolve({
              getBuiltIn: builtIn,
              logger,
            });
            resolved.push(await clusterNames(supplier));
          },
        });
      },
    });
    const vaultModule = createBackendModule({
      pluginId: 'netseal',
      moduleId: 'vault-clusters',
      register(env) {
        env.registerInit({
          deps: { clusters: netsealClusterSupplierExtensionPoint },
          async init({ clusters }) {
            clusters.addClusterSupplier(({ getDefault }) => ({
              getClusters: async () => [
                ...(await (await getDefault()).getClusters()),
                cluster('from-vault'),
              ],
            }));
          },
        });
      },
    });

    await startTestBackend({ features: [testPlugin, vaultModule] });

    expect(resolved).toEqual([['from-config', 'from-vault']]);
  });
});
