import type { ApiRouter } from '@backstage/backend-openapi-utils';
import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { spec } from '../schema/openapi.generated';

/** Netseal's router, typed and validated by its OpenAPI spec. */
export type NetsealRouter = ApiRouter<typeof spec>;

/** An incoming request, as Backstage's HTTP auth reads it. */
export type IncomingRequest = Parameters<HttpAuthService['credentials']>[0];

/** The page size when a listing's `limit` is left out. */
export const DEFAULT_PAGE = 50;
