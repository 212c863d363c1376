import { FieldError, fieldError } from '../api/fieldErrors';
import { JsonValue, isJsonObject } from '../api/types';
import { isQualifiedName } from './nameValidation';
import { validateLabels } from './validateObjectMeta';

/** ValidateLabelSelector from apimachinery's metav1 validation. */
export function validateLabelSelector(
  selector: JsonValue | undefined,
  field: string,
): FieldError[] {
  if (!isJsonObject(selector)) return [];
  const errors = validateLabels(selector.matchLabels, `${field}.matchLabels`);
  const expressions = Array.isArray(selector.matchExpressions)
    ? selector.matchExpressions
    : [];
  expressions.forEach((expression, index) => {
    if (!isJsonObject(expression)) return;
    const path = `${field}.matchExpressions[${index}]`;
    const values = Array.isArray(expression.values) ? expression.values : [];
    switch (expression.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          errors.push(
            fieldError.required(
              `${path}.values`,
              "must be specified when `operator` is 'In' or 'NotIn'",
            ),
          );
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          errors.push(
            fieldError.forbidden(
              `${path}.values`,
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          );
        }
        break;
      default:
        errors.push(
          fieldError.invalid(
            `${path}.operator`,
            expression.operator,
            'not a valid selector operator',
          ),
        );
    }
    const key = typeof expression.key === 'string' ? expression.key : '';
    for (const message of isQualifiedName(key)) {
      errors.push(fieldError.invalid(`${path}.key`, key, message));
    }
  });
  return errors;
}
