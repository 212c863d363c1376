/*
 * One backend replica in a process of its own, for the multi-replica test and bench: a
 * Backstage backend (backend-defaults) with the Netseal plugin, the local Git module, a
 * catalog holding the given entities, permissions off, and the database, clusters and
 * leases of the configuration file named by its first argument (JSON). It says `ready`
 * on its IPC channel once started, and stops on SIGTERM; SIGKILL is a crash.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs replicaProcess.ts <config.json>
 */
import fs from 'node:fs';
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import netsealModuleLocalGit from '@netseal/backstage-plugin-netseal-backend-module-local-git';
import { netsealPlugin } from '../../plugin';

/** What the configuration file holds: Backstage's config, and the catalog's entities. */
export interface ReplicaConfig {
  config: JsonObject;
  entities: Entity[];
}

const { config, entities }: ReplicaConfig = JSON.parse(
  fs.readFileSync(process.argv[2], 'utf8'),
);

const backend = createBackend();
backend.add(
  createServiceFactory({
    service: coreServices.rootConfig,
    deps: {},
    factory: () => new ConfigReader(config),
  }),
);
backend.add(
  createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => new InMemoryCatalogClient({ entities }),
  }),
);
backend.add(netsealPlugin);
backend.add(netsealModuleLocalGit);

backend
  .start()
  .then(() => process.send?.('ready'))
  .catch(error => {
    console.error(error);
    process.exit(1);
  });

process.on('SIGTERM', () => {
  backend.stop().finally(() => process.exit(0));
});
