import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  POLICY_SOURCE_ANNOTATION,
  servicePodsFromAnnotations,
} from '@netseal/backstage-plugin-netseal-common';
import { resolvePolicySourceUrl } from '../sources/resolvePolicySourceUrl';
import type { TrackedEntity } from './TrackedEntity';

/**
 * Every catalog entity that names a policy source. An entity with a malformed
 * annotation is logged with the reason and left out, never half-tracked.
 */
export async function readTrackedEntities(options: {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
}): Promise<TrackedEntity[]> {
  const { items } = await options.catalog.getEntities(
    {
      filter: {
        [`metadata.annotations.${POLICY_SOURCE_ANNOTATION}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.annotations',
      ],
    },
    { credentials: await options.auth.getOwnServiceCredentials() },
  );
  const tracked: TrackedEntity[] = [];
  for (const entity of items) {
    try {
      tracked.push({
        entityRef: stringifyEntityRef(entity),
        policySourceUrl: resolvePolicySourceUrl(entity),
        servicePods: servicePodsFromAnnotations(entity.metadata.annotations),
      });
    } catch (error) {
      options.logger.warn(
        `Not tracking ${stringifyEntityRef(entity)}: ${
          (error as Error).message
        }`,
      );
    }
  }
  return tracked;
}
