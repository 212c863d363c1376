import { KubeObject, isJsonObject } from '../api/types';
import { ObjectSchema } from '../schema/FieldSchema';
import { objectMetaSchema } from '../schema/objectMetaSchema';
import { isDns1123Label } from '../validation/nameValidation';
import { ResourceDefinition } from './ResourceDefinition';

const namespaceSchema: ObjectSchema = {
  type: 'object',
  goType: 'Namespace',
  properties: {
    apiVersion: { type: 'string', presence: 'omitempty' },
    kind: { type: 'string', presence: 'omitempty' },
    metadata: objectMetaSchema,
    spec: {
      type: 'object',
      goType: 'NamespaceSpec',
      presence: 'always',
      properties: {
        finalizers: {
          type: 'array',
          presence: 'omitempty',
          listType: 'atomic',
          items: { type: 'string' },
        },
      },
    },
    status: {
      type: 'object',
      goType: 'NamespaceStatus',
      presence: 'always',
      properties: {
        phase: { type: 'string', presence: 'omitempty' },
        conditions: {
          type: 'array',
          presence: 'omitempty',
          patchStrategy: 'merge',
          patchMergeKey: 'type',
          listType: 'map',
          listMapKeys: ['type'],
          items: { type: 'any' },
        },
      },
    },
  },
};

/** The label the API server puts on every namespace (NamespaceDefaultLabelName). */
export const namespaceNameLabel = 'kubernetes.io/metadata.name';

/** core v1 namespaces, cluster-scoped, with the `kubernetes` finalizer. */
export const namespaceResource: ResourceDefinition = {
  group: '',
  version: 'v1',
  resource: 'namespaces',
  kind: 'Namespace',
  listKind: 'NamespaceList',
  singularName: 'namespace',
  namespaced: false,
  shortNames: ['ns'],
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  schema: namespaceSchema,
  tracksGeneration: false,
  returnDeletedObject: true,
  selectableFields: {
    'status.phase': ns =>
      String(isJsonObject(ns.status) ? ns.status.phase ?? '' : ''),
  },
  applyDefaults: (ns: KubeObject) => {
    if (ns.metadata.name) {
      ns.metadata.labels = {
        ...(ns.metadata.labels ?? {}),
        [namespaceNameLabel]: ns.metadata.name,
      };
    }
  },
  prepareForCreate: (ns: KubeObject) => {
    ns.spec = { finalizers: ['kubernetes'] };
    ns.status = { phase: 'Active' };
  },
  prepareForUpdate: (ns: KubeObject, old: KubeObject) => {
    ns.spec = old.spec;
    ns.status = old.status;
  },
  validateName: isDns1123Label,
  tableColumns: [
    {
      name: 'Status',
      type: 'string',
      description: 'The status of the namespace',
      cell: ns => String(isJsonObject(ns.status) ? ns.status.phase ?? '' : ''),
    },
  ],
};
