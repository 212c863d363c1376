import { FieldError, fieldError } from '../api/fieldErrors';
import { KubeObject, isJsonObject } from '../api/types';
import { ObjectSchema } from '../schema/FieldSchema';
import { objectMetaSchema } from '../schema/objectMetaSchema';
import { isDns1123Subdomain } from '../validation/nameValidation';
import { ResourceDefinition } from './ResourceDefinition';

const configMapSchema: ObjectSchema = {
  type: 'object',
  goType: 'ConfigMap',
  properties: {
    apiVersion: { type: 'string', presence: 'omitempty' },
    kind: { type: 'string', presence: 'omitempty' },
    metadata: objectMetaSchema,
    immutable: { type: 'boolean', presence: 'pointer' },
    data: { type: 'map', presence: 'omitempty', values: { type: 'string' } },
    binaryData: {
      type: 'map',
      presence: 'omitempty',
      values: { type: 'string', format: 'byte' },
    },
  },
};

const configKeyFmt = '[-._a-zA-Z0-9]+';
const configKey = new RegExp(`^${configKeyFmt}$`);
const maxConfigMapBytes = 1024 * 1024;

// IsConfigMapKey of k8s.io/apimachinery/pkg/util/validation.
function configKeyErrors(key: string): string[] {
  const errors: string[] = [];
  if (key.length > 253) errors.push('must be no more than 253 characters');
  if (!configKey.test(key)) {
    errors.push(
      `a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '${configKeyFmt}')`,
    );
  }
  if (key === '.') errors.push(`must not be '.'`);
  else if (key === '..') errors.push(`must not be '..'`);
  else if (key.startsWith('..')) errors.push(`must not start with '..'`);
  return errors;
}

function mapOf(value: unknown): Record<string, string> {
  return isJsonObject(value) ? (value as Record<string, string>) : {};
}

/** ValidateConfigMap of pkg/apis/core/validation. */
function validateConfigMap(configMap: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const data = mapOf(configMap.data);
  const binaryData = mapOf(configMap.binaryData);
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const message of configKeyErrors(key)) {
      errors.push(fieldError.invalid('data', key, message));
    }
    size += value.length;
  }
  for (const [key, value] of Object.entries(binaryData)) {
    for (const message of configKeyErrors(key)) {
      errors.push(fieldError.invalid('binaryData', key, message));
    }
    if (key in data) {
      errors.push(
        fieldError.invalid(
          'data',
          key,
          'duplicate of key present in binaryData',
        ),
      );
    }
    size += Buffer.from(value, 'base64').length;
  }
  if (size > maxConfigMapBytes) {
    errors.push({
      type: 'FieldValueTooLong',
      field: '',
      detail: `may not be more than ${maxConfigMapBytes} bytes`,
    });
  }
  return errors;
}

function validateConfigMapUpdate(
  configMap: KubeObject,
  old: KubeObject,
): FieldError[] {
  if (old.immutable !== true) return [];
  const errors: FieldError[] = [];
  if (configMap.immutable !== true) {
    errors.push(
      fieldError.forbidden(
        'immutable',
        'field is immutable when `immutable` is set',
      ),
    );
  }
  if (JSON.stringify(configMap.data ?? {}) !== JSON.stringify(old.data ?? {})) {
    errors.push(
      fieldError.forbidden(
        'data',
        'field is immutable when `immutable` is set',
      ),
    );
  }
  if (
    JSON.stringify(configMap.binaryData ?? {}) !==
    JSON.stringify(old.binaryData ?? {})
  ) {
    errors.push(
      fieldError.forbidden(
        'binaryData',
        'field is immutable when `immutable` is set',
      ),
    );
  }
  return errors;
}

/** core v1 configmaps: the parameters a ValidatingAdmissionPolicy binding points at. */
export const configMapResource: ResourceDefinition = {
  group: '',
  version: 'v1',
  resource: 'configmaps',
  kind: 'ConfigMap',
  listKind: 'ConfigMapList',
  singularName: 'configmap',
  namespaced: true,
  shortNames: ['cm'],
  verbs: [
    'create',
    'delete',
    'deletecollection',
    'get',
    'list',
    'patch',
    'update',
    'watch',
  ],
  schema: configMapSchema,
  tracksGeneration: false,
  returnDeletedObject: false,
  validateName: isDns1123Subdomain,
  validate: validateConfigMap,
  validateUpdate: validateConfigMapUpdate,
  tableColumns: [
    {
      name: 'Data',
      type: 'integer',
      description: 'Number of entries in the data and binaryData maps',
      cell: configMap =>
        Object.keys(mapOf(configMap.data)).length +
        Object.keys(mapOf(configMap.binaryData)).length,
    },
  ],
};
