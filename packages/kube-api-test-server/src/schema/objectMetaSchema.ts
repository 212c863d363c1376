import { FieldSchema, ObjectSchema } from './FieldSchema';

const stringMap: FieldSchema = {
  type: 'map',
  presence: 'omitempty',
  values: { type: 'string' },
};

/** metav1.ObjectMeta, field for field. */
export const objectMetaSchema: ObjectSchema = {
  type: 'object',
  goType: 'ObjectMeta',
  presence: 'always',
  description:
    'Standard object metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
  properties: {
    name: { type: 'string', presence: 'omitempty' },
    generateName: { type: 'string', presence: 'omitempty' },
    namespace: { type: 'string', presence: 'omitempty' },
    selfLink: { type: 'string', presence: 'omitempty' },
    uid: { type: 'string', presence: 'omitempty' },
    resourceVersion: { type: 'string', presence: 'omitempty' },
    generation: { type: 'integer', format: 'int64', presence: 'omitempty' },
    creationTimestamp: {
      type: 'string',
      format: 'date-time',
      presence: 'omitempty',
    },
    deletionTimestamp: {
      type: 'string',
      format: 'date-time',
      presence: 'pointer',
    },
    deletionGracePeriodSeconds: {
      type: 'integer',
      format: 'int64',
      presence: 'pointer',
    },
    labels: stringMap,
    annotations: stringMap,
    ownerReferences: {
      type: 'array',
      presence: 'omitempty',
      patchStrategy: 'merge',
      patchMergeKey: 'uid',
      listType: 'map',
      listMapKeys: ['uid'],
      items: {
        type: 'object',
        goType: 'OwnerReference',
        required: ['apiVersion', 'kind', 'name', 'uid'],
        properties: {
          apiVersion: { type: 'string', presence: 'always' },
          kind: { type: 'string', presence: 'always' },
          name: { type: 'string', presence: 'always' },
          uid: { type: 'string', presence: 'always' },
          controller: { type: 'boolean', presence: 'pointer' },
          blockOwnerDeletion: { type: 'boolean', presence: 'pointer' },
        },
      },
    },
    finalizers: {
      type: 'array',
      presence: 'omitempty',
      patchStrategy: 'merge',
      listType: 'set',
      items: { type: 'string' },
    },
    managedFields: {
      type: 'array',
      presence: 'omitempty',
      listType: 'atomic',
      items: { type: 'any' },
    },
  },
};

/** metav1.LabelSelector; `presence` differs between a pod selector (always) and a peer's (pointer). */
export function labelSelectorSchema(
  presence: 'always' | 'pointer',
): ObjectSchema {
  return {
    type: 'object',
    goType: 'LabelSelector',
    presence,
    mapType: 'atomic',
    properties: {
      matchLabels: {
        type: 'map',
        presence: 'omitempty',
        values: { type: 'string' },
      },
      matchExpressions: {
        type: 'array',
        presence: 'omitempty',
        listType: 'atomic',
        items: {
          type: 'object',
          goType: 'LabelSelectorRequirement',
          required: ['key', 'operator'],
          properties: {
            key: { type: 'string', presence: 'always' },
            operator: { type: 'string', presence: 'always' },
            values: {
              type: 'array',
              presence: 'omitempty',
              listType: 'atomic',
              items: { type: 'string' },
            },
          },
        },
      },
    },
  };
}
