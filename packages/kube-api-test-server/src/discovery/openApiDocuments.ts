import { createHash } from 'node:crypto';
import {
  ResourceDefinition,
  groupVersion,
} from '../resources/ResourceDefinition';
import { ResourceRegistry } from '../resources/ResourceRegistry';
import { FieldSchema } from '../schema/FieldSchema';

/** An OpenAPI fragment; built from trusted literals, so loosely typed. */
type JsonObject = Record<string, unknown>;

// kubectl 1.32 reads /openapi/v3 for two things: whether a kind's PATCH takes the
// `fieldValidation` parameter (then it lets the server validate, as here), and the
// x-kubernetes-patch-* metadata with which `kubectl apply` builds its strategic merge patch.

function toOpenApi(schema: FieldSchema): JsonObject {
  const description = schema.description
    ? { description: schema.description }
    : {};
  switch (schema.type) {
    case 'string':
      return {
        type: 'string',
        ...(schema.format ? { format: schema.format } : {}),
        ...(schema.enum ? { enum: schema.enum } : {}),
        ...description,
      };
    case 'integer':
      return { type: 'integer', format: schema.format, ...description };
    case 'int-or-string':
      return { 'x-kubernetes-int-or-string': true, ...description };
    case 'boolean':
      return { type: 'boolean', ...description };
    case 'map':
      return {
        type: 'object',
        additionalProperties: toOpenApi(schema.values),
        ...description,
      };
    case 'array':
      return {
        type: 'array',
        items: toOpenApi(schema.items),
        ...(schema.listType
          ? { 'x-kubernetes-list-type': schema.listType }
          : {}),
        ...(schema.listMapKeys
          ? { 'x-kubernetes-list-map-keys': schema.listMapKeys }
          : {}),
        ...(schema.patchStrategy
          ? { 'x-kubernetes-patch-strategy': schema.patchStrategy }
          : {}),
        ...(schema.patchMergeKey
          ? { 'x-kubernetes-patch-merge-key': schema.patchMergeKey }
          : {}),
        ...description,
      };
    case 'object':
      return {
        type: 'object',
        properties: Object.fromEntries(
          Object.entries(schema.properties).map(([key, child]) => [
            key,
            toOpenApi(child),
          ]),
        ),
        ...(schema.required ? { required: schema.required } : {}),
        ...(schema.preserveUnknownFields
          ? { 'x-kubernetes-preserve-unknown-fields': true }
          : {}),
        ...(schema.mapType === 'atomic'
          ? { 'x-kubernetes-map-type': 'atomic' }
          : {}),
        ...description,
      };
    default:
      return { 'x-kubernetes-preserve-unknown-fields': true, ...description };
  }
}

function schemaName(definition: ResourceDefinition, suffix = ''): string {
  const group = definition.group ? definition.group.split('.')[0] : 'core';
  return `io.k8s.api.${group}.${definition.version}.${definition.kind}${suffix}`;
}

const queryParameter = (
  name: string,
  type: 'string' | 'boolean' | 'integer',
  description: string,
) => ({
  name,
  in: 'query',
  description,
  schema: { type, uniqueItems: true },
});

const writeParameters = [
  queryParameter(
    'dryRun',
    'string',
    'When present, indicates that modifications should not be persisted. Valid value: All',
  ),
  queryParameter(
    'fieldManager',
    'string',
    'fieldManager is a name associated with the actor or entity that is making these changes.',
  ),
  queryParameter(
    'fieldValidation',
    'string',
    'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values: Ignore, Warn, Strict.',
  ),
];

function operations(definition: ResourceDefinition, collection: boolean) {
  const gvk = {
    group: definition.group,
    version: definition.version,
    kind: definition.kind,
  };
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const body = (name: string) => ({
    content: { 'application/json': { schema: ref(name) } },
    required: true,
  });
  const ok = (name: string) => ({
    '200': {
      description: 'OK',
      content: { 'application/json': { schema: ref(name) } },
    },
  });
  const op = (action: string, extra: JsonObject) => ({
    operationId: `${action}${definition.kind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
    ...extra,
  });
  if (collection) {
    return {
      get: op('list', { responses: ok(schemaName(definition, 'List')) }),
      post: op('post', {
        requestBody: body(schemaName(definition)),
        parameters: writeParameters,
        responses: ok(schemaName(definition)),
      }),
    };
  }
  return {
    get: op('get', { responses: ok(schemaName(definition)) }),
    put: op('put', {
      requestBody: body(schemaName(definition)),
      parameters: writeParameters,
      responses: ok(schemaName(definition)),
    }),
    patch: op('patch', {
      requestBody: {
        content: Object.fromEntries(
          [
            'application/json-patch+json',
            'application/merge-patch+json',
            'application/strategic-merge-patch+json',
          ].map(t => [
            t,
            { schema: ref('io.k8s.apimachinery.pkg.apis.meta.v1.Patch') },
          ]),
        ),
        required: true,
      },
      parameters: [
        ...writeParameters,
        queryParameter(
          'force',
          'boolean',
          'Force is going to "force" Apply requests.',
        ),
      ],
      responses: ok(schemaName(definition)),
    }),
    delete: op('delete', {
      parameters: [writeParameters[0]],
      responses: ok(schemaName(definition)),
    }),
  };
}

/** Serves /openapi/v3 (index and one document per group version); /openapi/v2 is not served. */
export class OpenApiDocuments {
  private readonly documents = new Map<
    string,
    { hash: string; document: JsonObject }
  >();

  constructor(registry: ResourceRegistry) {
    for (const { group, version } of registry.groupVersions()) {
      const definitions = registry
        .all()
        .filter(d => d.group === group && d.version === version);
      const document = this.build(definitions);
      const hash = createHash('sha512')
        .update(JSON.stringify(document))
        .digest('hex')
        .slice(0, 128)
        .toUpperCase();
      const key = group ? `apis/${group}/${version}` : `api/${version}`;
      this.documents.set(key, { hash, document });
    }
  }

  private build(definitions: ResourceDefinition[]): JsonObject {
    const schemas: JsonObject = {
      'io.k8s.apimachinery.pkg.apis.meta.v1.Patch': {
        type: 'object',
        description:
          'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
      },
    };
    const paths: JsonObject = {};
    for (const definition of definitions) {
      const gvk = [
        {
          group: definition.group,
          kind: definition.kind,
          version: definition.version,
        },
      ];
      schemas[schemaName(definition)] = {
        ...toOpenApi(definition.schema),
        'x-kubernetes-group-version-kind': gvk,
      };
      schemas[schemaName(definition, 'List')] = {
        type: 'object',
        required: ['items'],
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          items: {
            type: 'array',
            items: { $ref: `#/components/schemas/${schemaName(definition)}` },
          },
          metadata: {
            type: 'object',
            properties: {
              resourceVersion: { type: 'string' },
              continue: { type: 'string' },
              remainingItemCount: { type: 'integer', format: 'int64' },
            },
          },
        },
        'x-kubernetes-group-version-kind': [
          {
            group: definition.group,
            kind: definition.listKind,
            version: definition.version,
          },
        ],
      };
      const base = definition.group
        ? `/apis/${groupVersion(definition)}`
        : `/api/${definition.version}`;
      const pathParameter = (name: string) => ({
        name,
        in: 'path',
        required: true,
        schema: { type: 'string', uniqueItems: true },
      });
      const collectionPath = definition.namespaced
        ? `${base}/namespaces/{namespace}/${definition.resource}`
        : `${base}/${definition.resource}`;
      const scope = definition.namespaced ? [pathParameter('namespace')] : [];
      paths[collectionPath] = {
        ...operations(definition, true),
        parameters: scope,
      };
      paths[`${collectionPath}/{name}`] = {
        ...operations(definition, false),
        parameters: [pathParameter('name'), ...scope, ...writeParameters],
      };
      if (definition.namespaced) {
        paths[`${base}/${definition.resource}`] = {
          get: operations(definition, true).get,
          parameters: [],
        };
      }
    }
    return {
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: 'v1.32.0' },
      paths,
      components: {
        schemas,
        securitySchemes: {
          BearerToken: {
            type: 'apiKey',
            description: 'Bearer Token authentication',
            name: 'authorization',
            in: 'header',
          },
        },
      },
    };
  }

  /** The document at `path`, or undefined (404). */
  serve(path: string): JsonObject | undefined {
    if (path === '/openapi/v3') {
      return {
        paths: Object.fromEntries(
          [...this.documents.entries()].map(([key, { hash }]) => [
            key,
            { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` },
          ]),
        ),
      };
    }
    const key = path.replace(/^\/openapi\/v3\//, '');
    return path.startsWith('/openapi/v3/')
      ? this.documents.get(key)?.document
      : undefined;
  }
}
