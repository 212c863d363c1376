import { FieldError, fieldError } from '../api/fieldErrors';
import { ObjectMeta, isJsonObject } from '../api/types';
import { isQualifiedName, isValidLabelValue } from './nameValidation';

const totalAnnotationSizeLimit = 256 * 1024;

/** Label map errors, as ValidateLabels reports them. */
export function validateLabels(labels: unknown, field: string): FieldError[] {
  if (labels === undefined || labels === null) return [];
  if (!isJsonObject(labels)) {
    return [
      fieldError.invalid(field, null, 'must be a map of string to string'),
    ];
  }
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(labels)) {
    for (const message of isQualifiedName(key)) {
      errors.push(fieldError.invalid(field, key, message));
    }
    if (typeof value !== 'string') {
      errors.push(
        fieldError.invalid(`${field}`, key, 'label values must be strings'),
      );
      continue;
    }
    for (const message of isValidLabelValue(value)) {
      errors.push(fieldError.invalid(field, value, message));
    }
  }
  return errors;
}

/** Everything ValidateObjectMeta checks that a client can get wrong on create. */
export function validateObjectMeta(
  meta: ObjectMeta,
  options: {
    namespaced: boolean;
    validateName: (name: string) => string[];
  },
): FieldError[] {
  const errors: FieldError[] = [];
  if (!meta.name) {
    errors.push(
      fieldError.required('metadata.name', 'name or generateName is required'),
    );
  } else {
    for (const message of options.validateName(meta.name)) {
      errors.push(fieldError.invalid('metadata.name', meta.name, message));
    }
  }
  if (options.namespaced && !meta.namespace) {
    errors.push(fieldError.required('metadata.namespace'));
  }
  if (!options.namespaced && meta.namespace) {
    errors.push(
      fieldError.forbidden('metadata.namespace', 'not allowed on this type'),
    );
  }
  errors.push(...validateLabels(meta.labels, 'metadata.labels'));
  if (meta.annotations !== undefined) {
    if (!isJsonObject(meta.annotations)) {
      errors.push(
        fieldError.invalid(
          'metadata.annotations',
          null,
          'must be a map of string to string',
        ),
      );
    } else {
      let size = 0;
      for (const [key, value] of Object.entries(meta.annotations)) {
        for (const message of isQualifiedName(key.toLowerCase())) {
          errors.push(fieldError.invalid('metadata.annotations', key, message));
        }
        size += key.length + String(value).length;
      }
      if (size > totalAnnotationSizeLimit) {
        errors.push({
          type: 'FieldValueTooLong',
          field: 'metadata.annotations',
          detail: `must have at most ${totalAnnotationSizeLimit} bytes`,
        });
      }
    }
  }
  return errors;
}
