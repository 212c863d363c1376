import {
  computeSeal,
  isValidNetworkPolicy,
  SEAL_ANNOTATION,
  SEALED_LABEL,
  SEALED_LABEL_VALUE,
} from '@netseal/backstage-plugin-netseal-common';
import { parseAllDocuments } from 'yaml';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function policyIn(
  text: string,
  documentIndex: number,
  itemIndex: number | undefined,
): Record<string, unknown> {
  let value: unknown = parseAllDocuments(text)[documentIndex].toJS();
  if (
    itemIndex !== undefined &&
    typeof value === 'object' &&
    value &&
    'items' in value
  ) {
    value = Array.isArray(value.items) ? value.items[itemIndex] : undefined;
  }
  if (!isRecord(value) || !isRecord(value.metadata)) {
    throw new Error('sealOf: not a NetworkPolicy');
  }
  const annotations = value.metadata.annotations;
  if (isRecord(annotations)) {
    delete annotations[SEAL_ANNOTATION];
  }
  return value;
}

function sealOfValue(value: unknown): string {
  if (!isValidNetworkPolicy(value)) {
    throw new Error('sealOf: not a valid NetworkPolicy');
  }
  return computeSeal(value);
}

/**
 * The seal `netseal seal` writes into the policy in document `documentIndex` of a manifest
 * text (optionally at `items[itemIndex]` of a List): the real `computeSeal` of the policy
 * with the sealed label, so that tests state expected output without copying digests
 * around. Whatever seal the text records is left out, as the seal leaves itself out.
 */
export function sealOf(
  text: string,
  documentIndex = 0,
  itemIndex?: number,
): string {
  const policy = policyIn(text, documentIndex, itemIndex);
  const metadata = policy.metadata;
  if (isRecord(metadata)) {
    metadata.labels = {
      ...(isRecord(metadata.labels) ? metadata.labels : {}),
      [SEALED_LABEL]: SEALED_LABEL_VALUE,
    };
  }
  return sealOfValue(policy);
}

/** The seal of the policy exactly as written (what `netseal digest` prints), its seal left out. */
export function digestOf(text: string, documentIndex = 0): string {
  return sealOfValue(policyIn(text, documentIndex, undefined));
}
