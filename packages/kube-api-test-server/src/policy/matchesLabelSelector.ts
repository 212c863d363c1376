import { JsonValue, isJsonObject } from '../api/types';

/**
 * Whether labels satisfy a metav1.LabelSelector (matchLabels and matchExpressions). An empty
 * selector matches everything; a missing one (undefined) too, as the defaulted `{}` would.
 */
export function matchesLabelSelector(
  selector: JsonValue | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!isJsonObject(selector)) return true;
  const have = labels ?? {};
  const matchLabels = isJsonObject(selector.matchLabels)
    ? selector.matchLabels
    : {};
  for (const [key, value] of Object.entries(matchLabels)) {
    if (have[key] !== value) return false;
  }
  const expressions = Array.isArray(selector.matchExpressions)
    ? selector.matchExpressions
    : [];
  return expressions.every(expression => {
    if (!isJsonObject(expression)) return false;
    const key = String(expression.key ?? '');
    const values = Array.isArray(expression.values)
      ? expression.values.map(String)
      : [];
    const present = Object.prototype.hasOwnProperty.call(have, key);
    switch (expression.operator) {
      case 'In':
        return present && values.includes(have[key]);
      case 'NotIn':
        return !present || !values.includes(have[key]);
      case 'Exists':
        return present;
      case 'DoesNotExist':
        return !present;
      default:
        return false;
    }
  });
}
