import {
  computeSeal,
  isValidNetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import { parseAllDocuments } from 'yaml';

/**
 * The seal the real `computeSeal` gives the policy in document `documentIndex` of a
 * manifest text (optionally at `items[itemIndex]` of a List), so that tests state expected
 * output without copying digests around.
 */
export function sealOf(
  text: string,
  documentIndex = 0,
  itemIndex?: number,
): string {
  let value: unknown = parseAllDocuments(text)[documentIndex].toJS();
  if (
    itemIndex !== undefined &&
    typeof value === 'object' &&
    value &&
    'items' in value
  ) {
    value = Array.isArray(value.items) ? value.items[itemIndex] : undefined;
  }
  if (!isValidNetworkPolicy(value)) {
    throw new Error('sealOf: not a valid NetworkPolicy');
  }
  return computeSeal(value);
}
