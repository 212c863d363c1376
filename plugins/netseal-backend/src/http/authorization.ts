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
import { checkedEntityPath, checkedEntityRef } from './entityRefs';
import type { IncomingRequest } from './NetsealRouter';

/** Where Backstage's GitHub org ingestion puts a user's GitHub login. */
const GITHUB_USER_LOGIN_ANNOTATION = 'github.com/user-login';

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

/**
 * The one place routes ask who calls and what they may do: each check resolves the
 * caller, asks the permission framework, and refuses with the permission's name.
 */
export class Authorization {
  readonly #httpAuth: HttpAuthService;
  readonly #permissions: PermissionsService;
  readonly #catalog: CatalogService;
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
    this.#logger = options.logger;
  }

  /** The calling user; services are refused. */
  user(req: IncomingRequest): Promise<UserCredentials> {
    return this.#httpAuth.credentials(req, { allow: ['user'] });
  }

  /** Any authenticated caller, user or service. */
  async anyone(req: IncomingRequest): Promise<void> {
    await this.caller(req);
  }

  /** Any authenticated caller's credentials, user or service. */
  caller(req: IncomingRequest): Promise<BackstageCredentials> {
    return this.#httpAuth.credentials(req, { allow: ['user', 'service'] });
  }

  /** Throws unless the caller holds `permission`, on `entityRef` when it is a resource permission. */
  async require(
    credentials: BackstageCredentials,
    permission: BasicPermission | ResourcePermission,
    what: string,
    entityRef?: string,
  ): Promise<void> {
    const [decision] = await this.#permissions.authorize(
      [
        permission.type === 'resource'
          ? { permission, resourceRef: entityRef! }
          : { permission },
      ],
      { credentials },
    );
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
    let entity: Entity | undefined;
    try {
      entity = await this.#catalog.getEntityByRef(entityRef, { credentials });
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
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    return entity;
  }
}
