import { JsonValue, isJsonObject } from '../api/types';
import { FieldSchema } from './FieldSchema';

/** Reorders keys as Go's encoder writes a struct's fields, so that output reads like a real server's. */
export function orderFields(
  value: JsonValue,
  schema: FieldSchema | undefined,
): JsonValue {
  if (Array.isArray(value)) {
    return value.map(item =>
      orderFields(item, schema?.type === 'array' ? schema.items : undefined),
    );
  }
  if (!isJsonObject(value) || !schema) return value;
  if (schema.type === 'map') {
    // Go writes map keys sorted.
    const out: Record<string, JsonValue> = {};
    for (const key of Object.keys(value).sort())
      out[key] = orderFields(value[key], schema.values);
    return out;
  }
  if (schema.type !== 'object') return value;
  const out: Record<string, JsonValue> = {};
  for (const [key, child] of Object.entries(schema.properties)) {
    if (key in value) out[key] = orderFields(value[key], child);
  }
  for (const [key, item] of Object.entries(value)) {
    if (!(key in out)) out[key] = item;
  }
  return out;
}
