import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { netsealPolicyReadPermission } from '@netseal/backstage-plugin-netseal-common';
import { createHash } from 'node:crypto';
import { CatalogEntityCache } from './CatalogEntityCache';
import { checkedEntityPath, checkedEntityRef } from './entityRefs';
import type { IncomingRequest } from './NetsealRouter';
import { PermissionBatcher } from './PermissionBatcher';

/** Where Backstage's GitHub org ingestion puts a user's GitHub login. */
const GITHUB_USER_LOGIN_ANNOTATION = 'github.com/user-login';

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

/**
 * How long a catalog entity read to authorize a caller is reused for that caller: an
 * entity removed from the catalog, or one the caller may no longer see, is answered as
 * such within this time. Permission decisions are never reused; they are batched.
 */
export const CATALOG_ENTITY_STALENESS_MS = 10_000;
const MAX_CACHED_ENTITIES = 1000;

/**
 * Stands for the caller's exact credentials (a digest of its token, never the token):
 * two requests with the same key are the same principal with the same claims.
 */
function callerKeyOf(req: IncomingRequest): string | undefined {
  const authorization = req.headers.authorization;
  return authorization
    ? createHash('sha256').update(authorization).digest('base64')
    : undefined;
}

/**
 * The one place routes ask who calls and what they may do: each check resolves the
 * caller, asks the permission framework, and refuses with the permission's name.
 *
 * A page is loaded by every developer of a service, often at once: the catalog entity a
 * check needs is reused for {@link CATALOG_ENTITY_STALENESS_MS} per caller, and the
 * permission checks of one caller are sent in batches.
 */
export class Authorization {
  readonly #httpAuth: HttpAuthService;
  readonly #permissions: PermissionsService;
  readonly #catalog: CatalogService;
  readonly #batcher: PermissionBatcher;
  readonly #entities = new CatalogEntityCache({
    stalenessMs: CATALOG_ENTITY_STALENESS_MS,
    maxEntries: MAX_CACHED_ENTITIES,
  });
  /** Each request's credentials with the key of its caller, for batching and reuse. */
  readonly #callerKeys = new WeakMap<BackstageCredentials, string>();
  readonly #logger: LoggerService;

  constructor(options: {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    catalog: CatalogService;
    logger: LoggerService;
  }) {
    this.#httpAuth = options.httpAuth;
    this.#permissions = options.permissions;
    this.#catalog = options.catalog;
    this.#batcher = new PermissionBatcher(options.permissions);
    this.#logger = options.logger;
  }

  /** The calling user; services are refused. */
  async user(req: IncomingRequest): Promise<UserCredentials> {
    const credentials = await this.#httpAuth.credentials(req, {
      allow: ['user'],
    });
    this.#remember(req, credentials);
    return credentials;
  }

  /** Any authenticated caller, user or service. */
  async anyone(req: IncomingRequest): Promise<void> {
    await this.caller(req);
  }

  /** Any authenticated caller's credentials, user or service. */
  async caller(req: IncomingRequest): Promise<BackstageCredentials> {
    const credentials = await this.#httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    this.#remember(req, credentials);
    return credentials;
  }

  #remember(req: IncomingRequest, credentials: BackstageCredentials): void {
    const key = callerKeyOf(req);
    if (key) this.#callerKeys.set(credentials, key);
  }

  /** Throws unless the caller holds `permission`, on `entityRef` when it is a resource permission. */
  async require(
    credentials: BackstageCredentials,
    permission: BasicPermission | ResourcePermission,
    what: string,
    entityRef?: string,
  ): Promise<void> {
    const request =
      permission.type === 'resource'
        ? { permission, resourceRef: entityRef! }
        : { permission };
    const callerKey = this.#callerKeys.get(credentials);
    const decision = callerKey
      ? await this.#batcher.authorize(callerKey, credentials, request)
      : (await this.#permissions.authorize([request], { credentials }))[0];
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not ${what}${entityRef ? ` ${entityRef}` : ''} (permission ${
          permission.name
        })`,
      );
    }
  }

  /** Of `entityRefs`, those whose policies the caller may read, or undefined for all. */
  async readableOf(
    credentials: BackstageCredentials,
    entityRefs: readonly string[],
  ): Promise<string[] | undefined> {
    if (entityRefs.length === 0) {
      return undefined;
    }
    const decisions = await this.#permissions.authorize(
      entityRefs.map(resourceRef => ({
        permission: netsealPolicyReadPermission,
        resourceRef,
      })),
      { credentials },
    );
    if (decisions.every(d => d.result === AuthorizeResult.ALLOW)) {
      return undefined;
    }
    return entityRefs.filter(
      (_ref, index) => decisions[index].result === AuthorizeResult.ALLOW,
    );
  }

  /**
   * The catalog entity named by the route's path, once the caller may see it and hold
   * `permission` on it (reading its policies by default).
   */
  async entity(
    req: IncomingRequest,
    params: { kind: string; namespace: string; name: string },
  ): Promise<{
    credentials: UserCredentials;
    entityRef: string;
    entity: Entity;
  }> {
    const credentials = await this.user(req);
    const entityRef = checkedEntityPath(params);
    const entity = await this.#catalogEntity(entityRef, credentials);
    await this.require(
      credentials,
      netsealPolicyReadPermission,
      'read the network policies of',
      entityRef,
    );
    return { credentials, entityRef, entity };
  }

  /**
   * The entity named by a body's `entityRef`, once the caller may see it and hold
   * `permission` on it.
   */
  async entityByRef(
    req: IncomingRequest,
    entityRefText: unknown,
    permission: ResourcePermission,
    what: string,
  ): Promise<{
    credentials: UserCredentials;
    entityRef: string;
    entity: Entity;
  }> {
    const credentials = await this.user(req);
    return {
      credentials,
      ...(await this.entityFor(credentials, entityRefText, permission, what)),
    };
  }

  /**
   * The entity named by `entityRefText`, once `credentials` may see it and hold
   * `permission` on it: the same checks for callers that arrive without an HTTP request
   * of their own, such as Netseal's actions in the Actions Registry.
   */
  async entityFor(
    credentials: BackstageCredentials,
    entityRefText: unknown,
    permission: ResourcePermission,
    what: string,
  ): Promise<{ entityRef: string; entity: Entity }> {
    const { entityRef } = checkedEntityRef(entityRefText);
    const entity = await this.#catalogEntity(entityRef, credentials);
    await this.require(credentials, permission, what, entityRef);
    return { entityRef, entity };
  }

  /**
   * A user's GitHub login from their catalog entity's `github.com/user-login` annotation
   * (set by Backstage's GitHub org ingestion), when they have one.
   */
  async gitHostLoginOf(
    credentials: UserCredentials,
  ): Promise<string | undefined> {
    const user = await this.#catalog
      .getEntityByRef(credentials.principal.userEntityRef, { credentials })
      .catch(() => undefined);
    const login = user?.metadata.annotations?.[GITHUB_USER_LOGIN_ANNOTATION];
    return login && /^[A-Za-z0-9-]{1,39}$/.test(login) ? login : undefined;
  }

  async #catalogEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const read = async () => {
      try {
        return await this.#catalog.getEntityByRef(entityRef, { credentials });
      } catch (error) {
        // The catalog's own error carries its internal request and, in development, its
        // stack: it is logged here and never passed on to the caller.
        this.#logger.warn(
          `The catalog failed to answer for ${entityRef}: ${
            error instanceof Error ? error.message : String(error)
          }`,
        );
        const status = (error as { response?: { status?: unknown } }).response
          ?.status;
        if (typeof status === 'number' && status >= 400 && status < 500) {
          throw new InputError(
            `entityRef ${entityRef}: the catalog refused it (${status}); use the ref as the catalog shows it, like component:default/payments`,
          );
        }
        throw new ServiceUnavailableError(
          `the catalog could not be asked for ${entityRef}; try again later`,
        );
      }
    };
    const callerKey = this.#callerKeys.get(credentials);
    const entity = await (callerKey
      ? this.#entities.get(`${callerKey} ${entityRef}`, read)
      : read());
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    return entity;
  }
}
