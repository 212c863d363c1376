import { JsonValue } from './types';

/** The cause types of k8s.io/apimachinery/pkg/util/validation/field. */
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueDuplicate'
  | 'FieldValueTooLong'
  | 'FieldValueTypeInvalid';

/** One validation error, attached to a field path such as `spec.ingress[0].ports[0].port`. */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  value?: JsonValue;
  detail?: string;
  supportedValues?: string[];
}

// Go prints values with %#v: strings quoted, numbers bare; objects are not worth repeating.
function describeValue(value: JsonValue | undefined): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (value === null || value === undefined) return 'null';
  return JSON.stringify(value);
}

/** The text after `field: ` in an apiserver message, e.g. `Invalid value: 70000: must be ...`. */
export function fieldErrorBody(error: FieldError): string {
  switch (error.type) {
    case 'FieldValueRequired':
      return `Required value${error.detail ? `: ${error.detail}` : ''}`;
    case 'FieldValueNotSupported': {
      const supported = error.supportedValues?.length
        ? `: supported values: ${error.supportedValues
            .map(v => JSON.stringify(v))
            .join(', ')}`
        : '';
      return `Unsupported value: ${describeValue(error.value)}${supported}`;
    }
    case 'FieldValueForbidden':
      return `Forbidden${error.detail ? `: ${error.detail}` : ''}`;
    case 'FieldValueDuplicate':
      return `Duplicate value: ${describeValue(error.value)}`;
    case 'FieldValueTooLong':
      return `Too long: ${error.detail ?? 'value is too long'}`;
    case 'FieldValueTypeInvalid':
      return `Invalid value: ${describeValue(error.value)}: ${
        error.detail ?? ''
      }`;
    default:
      return `Invalid value: ${describeValue(error.value)}${
        error.detail ? `: ${error.detail}` : ''
      }`;
  }
}

/** `field: body`, as field.Error.Error() prints it. */
export function fieldErrorMessage(error: FieldError): string {
  return `${error.field}: ${fieldErrorBody(error)}`;
}

/** Helpers that read like upstream's field.Invalid / field.Required / ... */
export const fieldError = {
  invalid: (
    field: string,
    value: JsonValue | undefined,
    detail: string,
  ): FieldError => ({
    type: 'FieldValueInvalid',
    field,
    value: value ?? null,
    detail,
  }),
  required: (field: string, detail?: string): FieldError => ({
    type: 'FieldValueRequired',
    field,
    detail,
  }),
  notSupported: (
    field: string,
    value: JsonValue | undefined,
    supportedValues: string[],
  ): FieldError => ({
    type: 'FieldValueNotSupported',
    field,
    value: value ?? null,
    supportedValues,
  }),
  forbidden: (field: string, detail: string): FieldError => ({
    type: 'FieldValueForbidden',
    field,
    detail,
  }),
  duplicate: (field: string, value: JsonValue | undefined): FieldError => ({
    type: 'FieldValueDuplicate',
    field,
    value: value ?? null,
  }),
};
