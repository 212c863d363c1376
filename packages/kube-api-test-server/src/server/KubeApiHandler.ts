import { IncomingMessage, ServerResponse } from 'node:http';
import { fieldError } from '../api/fieldErrors';
import { KubeApiError, apiErrors } from '../api/status';
import { JsonValue, KubeObject, isJsonObject } from '../api/types';
import { ResolvedToken, TokenRegistry } from '../auth/TokenRegistry';
import { DiscoveryDocuments } from '../discovery/discoveryDocuments';
import { OpenApiDocuments } from '../discovery/openApiDocuments';
import { FaultController } from '../faults/FaultController';
import { applyJsonPatch } from '../patch/applyJsonPatch';
import { applyMergePatch } from '../patch/applyMergePatch';
import { applyStrategicMergePatch } from '../patch/applyStrategicMergePatch';
import {
  ResourceDefinition,
  groupVersion,
} from '../resources/ResourceDefinition';
import { ResourceRegistry } from '../resources/ResourceRegistry';
import { orderFields } from '../schema/orderFields';
import {
  selfSubjectAccessReview,
  selfSubjectReview,
  selfSubjectRulesReview,
} from './accessReviews';
import { decodeProtobufReview } from './decodeProtobufReview';
import { handleAdminRequest } from './handleAdminRequest';
import {
  acceptsJson,
  acceptsTable,
  mediaType,
  parseObjectBody,
  readBody,
  readRawBody,
  sendJson,
  sendStatus,
} from './httpMessages';
import {
  OptionsKind,
  optionsInvalid,
  validateListOptions,
} from './requestOptions';
import { parseResourcePath } from './requestInfo';
import {
  ResourceService,
  WriteContext,
  parseResourceVersion,
  withTypeMeta,
  withoutTypeMeta,
} from './ResourceService';
import { WatchLimits, serveWatch } from './serveWatch';
import { IncludeObject, toTable } from './tables';

const patchTypes = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

/** The version this server claims; kubectl 1.32 is the client it is proven against. */
export const serverVersion = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0+kube-api-test-server',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2024-12-11T00:00:00Z',
  goVersion: 'go1.23.4',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** Everything the handler needs from the server that owns it. */
export interface HandlerDependencies {
  registry: ResourceRegistry;
  service: ResourceService;
  tokens: TokenRegistry;
  adminToken: string;
  faults: FaultController;
  discovery: DiscoveryDocuments;
  openApi: OpenApiDocuments;
  watchLimits: WatchLimits;
  openWatches: Set<() => void>;
  clock: () => Date;
  log?: (line: string) => void;
}

function verbOf(method: string, hasName: boolean, watch: boolean): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch) return 'watch';
      return hasName ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      return '';
  }
}

function faultStatus(code: number): KubeApiError {
  if (code === 503) {
    return new KubeApiError(
      503,
      'ServiceUnavailable',
      'the server is currently unable to handle the request',
      {},
    );
  }
  if (code === 504) {
    return new KubeApiError(
      504,
      'Timeout',
      'the server was unable to return a response in the time allotted, but may still be processing the request',
      {},
    );
  }
  return new KubeApiError(
    code,
    'InternalError',
    'Internal error occurred: fault injected by kube-api-test-server',
    {
      causes: [
        { reason: '', message: 'fault injected by kube-api-test-server' },
      ],
    },
  );
}

/** The Warning header of a response, one `299 - "text"` value per warning. */
function warningHeaders(warnings: string[]): Record<string, string> {
  return warnings.length
    ? { Warning: warnings.map(w => `299 - ${JSON.stringify(w)}`).join(', ') }
    : {};
}

/** Serves the Kubernetes API over any node http(s) server. */
export class KubeApiHandler {
  constructor(private readonly deps: HandlerDependencies) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const path =
      url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    this.deps.log?.(`${method} ${req.url}`);
    try {
      if (path === '/healthz' || path === '/livez' || path === '/readyz') {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('ok');
        return;
      }
      if (path.startsWith('/__testserver')) {
        await handleAdminRequest(req, res, path, method, this.deps);
        return;
      }
      const resourceInfo = parseResourcePath(path);
      const watch = ['true', '1'].includes(url.searchParams.get('watch') ?? '');
      const verb = resourceInfo
        ? verbOf(method, !!resourceInfo.name, watch)
        : undefined;
      const delay = this.deps.faults.latency();
      if (delay > 0) await new Promise(resolve => setTimeout(resolve, delay));
      const faultCode = this.deps.faults.errorFor({ method, path, verb });
      if (faultCode !== undefined) throw faultStatus(faultCode);

      const token = this.deps.tokens.authenticate(req.headers.authorization);
      if (!token) throw apiErrors.unauthorized();
      if (!acceptsJson(req.headers.accept)) {
        throw new KubeApiError(
          406,
          'NotAcceptable',
          `only the following media types are accepted: application/json, application/yaml`,
        );
      }
      if (await this.handleNonResource(req, res, path, method, token)) return;
      if (!resourceInfo) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('404 page not found\n');
        return;
      }
      await this.handleResource(req, res, url, method, token, watch);
    } catch (error) {
      if (error instanceof KubeApiError) {
        sendStatus(res, error);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      this.deps.log?.(`internal error: ${message}`);
      sendStatus(res, apiErrors.internal(message));
    }
  }

  private async handleNonResource(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    method: string,
    token: ResolvedToken,
  ): Promise<boolean> {
    const { discovery } = this.deps;
    const get = method === 'GET' || method === 'HEAD';
    const parts = path.split('/').filter(Boolean);
    if (path === '/version' && get) {
      sendJson(res, 200, serverVersion);
      return true;
    }
    if (path.startsWith('/openapi/')) {
      const document = this.deps.openApi.serve(path);
      if (!document) throw apiErrors.pathNotFound();
      sendJson(res, 200, document);
      return true;
    }
    if (path === '/api' && get) {
      sendJson(res, 200, discovery.apiVersions());
      return true;
    }
    if (path === '/apis' && get) {
      sendJson(res, 200, discovery.apiGroupList());
      return true;
    }
    if (parts[0] === 'api' && parts.length === 2 && get) {
      const document = discovery.apiResourceList('', parts[1]);
      if (!document) throw apiErrors.pathNotFound();
      sendJson(res, 200, document);
      return true;
    }
    if (parts[0] === 'apis' && parts.length === 2 && get) {
      const document = discovery.apiGroupDocument(parts[1]);
      if (!document) throw apiErrors.pathNotFound();
      sendJson(res, 200, document);
      return true;
    }
    if (parts[0] === 'apis' && parts.length === 3 && get) {
      const document = discovery.apiResourceList(parts[1], parts[2]);
      if (!document) throw apiErrors.pathNotFound();
      sendJson(res, 200, document);
      return true;
    }
    const reviews: Record<string, (body: JsonValue) => unknown> = {
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews': body =>
        selfSubjectAccessReview(this.deps.tokens, token, body),
      '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews': body =>
        selfSubjectRulesReview(this.deps.registry, token, body),
      '/apis/authentication.k8s.io/v1/selfsubjectreviews': () =>
        selfSubjectReview(token),
    };
    const review = reviews[path];
    if (review) {
      if (method !== 'POST') throw apiErrors.methodNotAllowed();
      const body =
        mediaType(req.headers['content-type']) ===
        'application/vnd.kubernetes.protobuf'
          ? decodeProtobufReview(await readRawBody(req))
          : parseObjectBody(await readBody(req), req.headers['content-type']);
      sendJson(res, 201, review(body));
      return true;
    }
    return false;
  }

  private writeContext(
    url: URL,
    req: IncomingMessage,
    token: ResolvedToken,
    optionsKind: OptionsKind,
  ): WriteContext {
    const dryRun = url.searchParams.getAll('dryRun');
    const validation = url.searchParams.get('fieldValidation') ?? 'Warn';
    const errors = [
      ...(dryRun.some(value => value !== 'All')
        ? [fieldError.notSupported('dryRun', dryRun, ['All'])]
        : []),
      ...(['', 'Strict', 'Warn', 'Ignore'].includes(validation)
        ? []
        : [
            fieldError.notSupported('fieldValidation', validation, [
              '',
              'Ignore',
              'Strict',
              'Warn',
            ]),
          ]),
    ];
    if (errors.length > 0) throw optionsInvalid(optionsKind, errors);
    const userAgent = String(req.headers['user-agent'] ?? 'unknown');
    return {
      user: { username: token.username, groups: token.groups },
      dryRun: dryRun.length > 0,
      fieldManager:
        url.searchParams.get('fieldManager') ?? userAgent.split('/')[0],
      fieldValidation: (validation ||
        'Warn') as WriteContext['fieldValidation'],
      warnings: [],
    };
  }

  private typed(definition: ResourceDefinition, object: KubeObject): unknown {
    return orderFields(
      withTypeMeta(definition, object) as never,
      definition.schema,
    );
  }

  private sendObject(
    res: ServerResponse,
    code: number,
    definition: ResourceDefinition,
    object: KubeObject,
    context?: WriteContext,
  ) {
    sendJson(
      res,
      code,
      this.typed(definition, object),
      warningHeaders(context?.warnings ?? []),
    );
  }

  private async handleResource(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    method: string,
    token: ResolvedToken,
    watch: boolean,
  ): Promise<void> {
    const info = parseResourcePath(url.pathname.replace(/\/+$/, ''));
    if (!info) throw apiErrors.pathNotFound();
    const definition = this.deps.registry.find(
      info.group,
      info.version,
      info.resource,
    );
    if (!definition || info.subresource) throw apiErrors.pathNotFound();
    if (info.namespace !== undefined && !definition.namespaced)
      throw apiErrors.pathNotFound();
    const namespace = definition.namespaced ? info.namespace : undefined;
    const verb = verbOf(method, !!info.name, watch);
    if (
      !verb ||
      (verb === 'create' && info.name) ||
      (!info.name && (verb === 'update' || verb === 'patch'))
    ) {
      throw apiErrors.methodNotAllowed();
    }
    if (!definition.verbs.includes(verb)) throw apiErrors.methodNotAllowed();

    // RBAC sees a namespace's own name as its namespace (RequestInfoFactory does the same).
    const attributes = {
      verb,
      group: definition.group,
      resource: definition.resource,
      namespace:
        definition.resource === 'namespaces' && definition.group === ''
          ? info.name
          : namespace,
      name: info.name,
    };
    if (!this.deps.tokens.authorize(token, attributes)) {
      throw apiErrors.forbidden(
        definition,
        info.name ?? '',
        TokenRegistry.forbiddenReason(
          { username: token.username, groups: token.groups },
          attributes,
        ),
      );
    }

    const { service, clock } = this.deps;
    const query = url.searchParams;
    const listOptions = {
      labelSelector: query.get('labelSelector') ?? undefined,
      fieldSelector: query.get('fieldSelector') ?? undefined,
      limit: query.has('limit') ? Number(query.get('limit')) : undefined,
      continueToken: query.get('continue') || undefined,
      resourceVersion: query.get('resourceVersion') ?? undefined,
      resourceVersionMatch: query.get('resourceVersionMatch') ?? undefined,
    };
    const table = acceptsTable(req.headers.accept);
    const includeObject = (query.get('includeObject') ??
      'Metadata') as IncludeObject;

    if (verb === 'list' || verb === 'watch') {
      validateListOptions({
        watch: verb === 'watch',
        resourceVersion: listOptions.resourceVersion,
        resourceVersionMatch: listOptions.resourceVersionMatch,
        continueToken: listOptions.continueToken,
        sendInitialEvents: query.get('sendInitialEvents') ?? undefined,
      });
    }

    switch (verb) {
      case 'get': {
        const atLeast = query.get('resourceVersion');
        // The real server waits 3 s for a newer revision first; nothing else writes here.
        if (atLeast && parseResourceVersion(atLeast) > service.store.revision) {
          throw apiErrors.tooLargeResourceVersion(
            parseResourceVersion(atLeast),
            service.store.revision,
          );
        }
        const object = service.get(definition, namespace, info.name ?? '');
        if (table) {
          sendJson(
            res,
            200,
            toTable(
              definition,
              [this.typed(definition, object) as KubeObject],
              { resourceVersion: object.metadata.resourceVersion ?? '' },
              includeObject,
              clock(),
            ),
          );
        } else this.sendObject(res, 200, definition, object);
        return;
      }
      case 'list': {
        const page = service.list(definition, namespace, listOptions);
        const metadata: Record<string, string | number> = {
          resourceVersion: page.resourceVersion,
        };
        if (page.continueToken) metadata.continue = page.continueToken;
        if (page.remainingItemCount !== undefined)
          metadata.remainingItemCount = page.remainingItemCount;
        if (table) {
          sendJson(
            res,
            200,
            toTable(
              definition,
              page.items.map(o => this.typed(definition, o) as KubeObject),
              metadata,
              includeObject,
              clock(),
            ),
          );
          return;
        }
        sendJson(res, 200, {
          kind: definition.listKind,
          apiVersion: groupVersion(definition),
          metadata,
          items: page.items.map(o =>
            withoutTypeMeta(this.typed(definition, o) as KubeObject),
          ),
        });
        return;
      }
      case 'watch': {
        const timeout = query.get('timeoutSeconds');
        let drop = () => {};
        const dropper = () => drop();
        this.deps.openWatches.add(dropper);
        drop = serveWatch(
          res,
          service,
          service.store,
          definition,
          {
            ...listOptions,
            namespace,
            allowWatchBookmarks: query.get('allowWatchBookmarks') === 'true',
            sendInitialEvents: query.get('sendInitialEvents') === 'true',
            timeoutSeconds: timeout ? Number(timeout) : undefined,
            table: table ? includeObject : undefined,
          },
          this.deps.watchLimits,
          () => this.deps.openWatches.delete(dropper),
        );
        return;
      }
      case 'create': {
        const context = this.writeContext(url, req, token, 'CreateOptions');
        const body = parseObjectBody(
          await readBody(req),
          req.headers['content-type'],
        );
        const created = await service.create(
          definition,
          namespace,
          body,
          context,
        );
        this.sendObject(res, 201, definition, created, context);
        return;
      }
      case 'update': {
        const context = this.writeContext(url, req, token, 'UpdateOptions');
        const body = parseObjectBody(
          await readBody(req),
          req.headers['content-type'],
        );
        const updated = await service.update(
          definition,
          namespace,
          info.name ?? '',
          body,
          context,
        );
        this.sendObject(res, 200, definition, updated, context);
        return;
      }
      case 'patch': {
        const context = this.writeContext(url, req, token, 'PatchOptions');
        const patched = await this.patch(
          req,
          definition,
          namespace,
          info.name ?? '',
          context,
        );
        this.sendObject(res, 200, definition, patched, context);
        return;
      }
      case 'delete': {
        const context = this.writeContext(url, req, token, 'DeleteOptions');
        const text = await readBody(req);
        const options = text.trim()
          ? parseObjectBody(text, 'application/json')
          : {};
        if (
          isJsonObject(options) &&
          Array.isArray(options.dryRun) &&
          options.dryRun.includes('All')
        ) {
          context.dryRun = true;
        }
        const preconditions =
          isJsonObject(options) && isJsonObject(options.preconditions)
            ? options.preconditions
            : {};
        const result = await service.delete(
          definition,
          namespace,
          info.name ?? '',
          {
            preconditions: {
              uid:
                typeof preconditions.uid === 'string'
                  ? preconditions.uid
                  : undefined,
              resourceVersion:
                typeof preconditions.resourceVersion === 'string'
                  ? preconditions.resourceVersion
                  : undefined,
            },
          },
          context,
        );
        sendJson(
          res,
          200,
          result.kind === 'Status'
            ? result
            : this.typed(definition, result as KubeObject),
          warningHeaders(context.warnings),
        );
        return;
      }
      case 'deletecollection': {
        const context = this.writeContext(url, req, token, 'DeleteOptions');
        const deleted = await service.deleteCollection(
          definition,
          namespace,
          listOptions,
          context,
        );
        sendJson(res, 200, {
          kind: definition.listKind,
          apiVersion: groupVersion(definition),
          metadata: { resourceVersion: String(service.store.revision) },
          items: deleted.map(o =>
            withoutTypeMeta(this.typed(definition, o) as KubeObject),
          ),
        });
        return;
      }
      default:
        throw apiErrors.methodNotAllowed();
    }
  }

  private async patch(
    req: IncomingMessage,
    definition: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    context: WriteContext,
  ): Promise<KubeObject> {
    const type = mediaType(req.headers['content-type']);
    if (
      type === 'application/apply-patch+yaml' ||
      type === 'application/apply-patch+cbor'
    ) {
      throw apiErrors.unsupportedMediaType(type, patchTypes);
    }
    if (!patchTypes.includes(type)) {
      // The words of the real server's patch handler for a type it does not know.
      throw new KubeApiError(
        415,
        'UnsupportedMediaType',
        '415: Unsupported Media Type',
        {},
      );
    }
    const text = await readBody(req);
    let patch: JsonValue;
    try {
      patch = JSON.parse(text) as JsonValue;
    } catch (error) {
      throw apiErrors.badRequest(
        `error decoding patch: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
    const current = withTypeMeta(
      definition,
      this.deps.service.get(definition, namespace, name),
    );
    let patched: JsonValue;
    if (type === 'application/json-patch+json') {
      patched = applyJsonPatch(current as never, patch);
    } else if (type === 'application/merge-patch+json') {
      patched = applyMergePatch(current as never, patch);
    } else {
      patched = applyStrategicMergePatch(
        current as never,
        patch,
        definition.schema,
      );
    }
    return this.deps.service.update(
      definition,
      namespace,
      name,
      patched,
      context,
    );
  }
}
