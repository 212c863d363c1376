import { LoggerService } from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import express from 'express';
import { spec } from './schema/openapi.generated';

export async function createRouter(options: {
  logger: LoggerService;
}): Promise<express.Router> {
  const router = createValidatedOpenApiRouter(spec);
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  options.logger.debug('Netseal router ready');
  return router;
}
