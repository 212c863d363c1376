import { JsonValue, isJsonObject } from '../api/types';

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration, which kubectl's AGE column shows. */
export function humanDuration(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0
      ? `${Math.floor(hours / 24)}d`
      : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    return dy === 0
      ? `${Math.floor(hours / 24 / 365)}y`
      : `${Math.floor(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** metav1.FormatLabelSelector: `app=web,tier in (a,b)`, or `<none>` for an empty selector. */
export function formatLabelSelector(selector: JsonValue | undefined): string {
  if (!isJsonObject(selector)) return '<none>';
  const requirements: { key: string; text: string }[] = [];
  if (isJsonObject(selector.matchLabels)) {
    for (const [key, value] of Object.entries(selector.matchLabels)) {
      requirements.push({ key, text: `${key}=${value}` });
    }
  }
  if (Array.isArray(selector.matchExpressions)) {
    for (const expression of selector.matchExpressions) {
      if (!isJsonObject(expression)) continue;
      const key = String(expression.key);
      const values = (Array.isArray(expression.values) ? expression.values : [])
        .map(String)
        .sort();
      switch (expression.operator) {
        case 'In':
          requirements.push({ key, text: `${key} in (${values.join(',')})` });
          break;
        case 'NotIn':
          requirements.push({
            key,
            text: `${key} notin (${values.join(',')})`,
          });
          break;
        case 'Exists':
          requirements.push({ key, text: key });
          break;
        case 'DoesNotExist':
          requirements.push({ key, text: `!${key}` });
          break;
        default:
          break;
      }
    }
  }
  if (requirements.length === 0) return '<none>';
  return requirements
    .sort((a, b) => compareStrings(a.key, b.key))
    .map(r => r.text)
    .join(',');
}
