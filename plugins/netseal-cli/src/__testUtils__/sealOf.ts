import {
  computeSeal,
  isValidNetworkPolicy,
  SEAL_ANNOTATION,
} from '@netseal/backstage-plugin-netseal-common';
import { parseAllDocuments } from 'yaml';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The seal the real `computeSeal` gives the policy in document `documentIndex` of a
 * manifest text (optionally at `items[itemIndex]` of a List), so that tests state expected
 * output without copying digests around. Whatever seal the text records is left out, as
 * the seal leaves itself out.
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
  const metadata = isRecord(value) ? value.metadata : undefined;
  const annotations = isRecord(metadata) ? metadata.annotations : undefined;
  if (isRecord(annotations)) {
    delete annotations[SEAL_ANNOTATION];
  }
  if (!isValidNetworkPolicy(value)) {
    throw new Error('sealOf: not a valid NetworkPolicy');
  }
  return computeSeal(value);
}
