import type { FieldWriter } from './types';

/** How deep owned fields are kept: a label's or annotation's key is the third level. */
export const ATTRIBUTION_DEPTH = 3;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ownedFields(
  fields: Record<string, unknown>,
  prefix: string[],
  out: string[][],
): void {
  const children = Object.keys(fields).filter(key => key.startsWith('f:'));
  if (children.length === 0 || prefix.length === ATTRIBUTION_DEPTH) {
    if (prefix.length > 0) out.push(prefix);
    return;
  }
  for (const key of children) {
    const inner = fields[key];
    ownedFields(isRecord(inner) ? inner : {}, [...prefix, key.slice(2)], out);
  }
}

/**
 * A live object's `metadata.managedFields`, reduced to each entry's manager, operation,
 * time and owned fields, at most three levels deep (`f:metadata` → `f:labels` → `f:team`
 * gives `["metadata", "labels", "team"]`). Entries without a manager are left out.
 * @public
 */
export function fieldWritersOf(managedFields: unknown): FieldWriter[] {
  if (!Array.isArray(managedFields)) return [];
  const writers: FieldWriter[] = [];
  for (const entry of managedFields) {
    if (!isRecord(entry) || typeof entry.manager !== 'string') continue;
    const fields: string[][] = [];
    ownedFields(isRecord(entry.fieldsV1) ? entry.fieldsV1 : {}, [], fields);
    writers.push({
      manager: entry.manager,
      operation: typeof entry.operation === 'string' ? entry.operation : '',
      ...(typeof entry.time === 'string' ? { time: entry.time } : {}),
      fields,
    });
  }
  return writers;
}
