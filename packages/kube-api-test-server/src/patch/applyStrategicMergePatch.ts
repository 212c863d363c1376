import { apiErrors } from '../api/status';
import { JsonObject, JsonValue, isJsonObject } from '../api/types';
import { ArraySchema, FieldSchema } from '../schema/FieldSchema';

const setElementOrderPrefix = '$setElementOrder/';
const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList/';

function childSchema(
  schema: FieldSchema | undefined,
  key: string,
): FieldSchema | undefined {
  if (!schema) return undefined;
  if (schema.type === 'object') return schema.properties[key];
  if (schema.type === 'map') return schema.values;
  return undefined;
}

function stripDirectives(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (!key.startsWith('$')) out[key] = stripDirectives(item);
  }
  return out;
}

function mergeKeyedList(
  original: JsonValue[],
  patch: JsonValue[],
  schema: ArraySchema,
  mergeKey: string,
): JsonValue[] {
  const result = [...original];
  for (const element of patch) {
    if (!isJsonObject(element)) {
      throw apiErrors.badRequest(
        `unable to merge a list of maps keyed by "${mergeKey}": element ${JSON.stringify(
          element,
        )} is not a map`,
      );
    }
    const directive = element.$patch;
    if (directive === 'replace') {
      return patch
        .filter(e => !(isJsonObject(e) && e.$patch === 'replace'))
        .map(stripDirectives);
    }
    if (!(mergeKey in element)) {
      throw apiErrors.badRequest(
        `map: ${JSON.stringify(
          element,
        )} does not contain declared merge key: ${mergeKey}`,
      );
    }
    const index = result.findIndex(
      item => isJsonObject(item) && item[mergeKey] === element[mergeKey],
    );
    if (directive === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index < 0) {
      result.push(stripDirectives(element));
      continue;
    }
    const merged = mergeValue(result[index], element, schema.items);
    if (merged === undefined) result.splice(index, 1);
    else result[index] = merged;
  }
  return result;
}

function mergeList(
  original: JsonValue | undefined,
  patch: JsonValue[],
  schema: FieldSchema | undefined,
) {
  if (schema?.type !== 'array' || !schema.patchStrategy?.includes('merge')) {
    return stripDirectives(patch);
  }
  const base = Array.isArray(original) ? original : [];
  if (schema.patchMergeKey) {
    return mergeKeyedList(base, patch, schema, schema.patchMergeKey);
  }
  // A merged list of primitives is a set union.
  const out = [...base];
  for (const item of patch) {
    if (
      !out.some(existing => JSON.stringify(existing) === JSON.stringify(item))
    )
      out.push(item);
  }
  return out;
}

function orderList(
  list: JsonValue[],
  order: JsonValue,
  mergeKey: string | undefined,
): JsonValue[] {
  if (!Array.isArray(order)) return list;
  const keyOf = (item: JsonValue) =>
    JSON.stringify(mergeKey && isJsonObject(item) ? item[mergeKey] : item);
  const positions = new Map(
    order.map((item, index) => [keyOf(item), index] as [string, number]),
  );
  return list
    .map((item, index) => ({ item, index }))
    .sort((a, b) => {
      const pa = positions.get(keyOf(a.item)) ?? order.length + a.index;
      const pb = positions.get(keyOf(b.item)) ?? order.length + b.index;
      return pa - pb;
    })
    .map(entry => entry.item);
}

function mergeMap(
  original: JsonValue | undefined,
  patch: JsonObject,
  schema: FieldSchema | undefined,
): JsonValue | undefined {
  const directive = patch.$patch;
  if (
    directive !== undefined &&
    !['replace', 'merge', 'delete'].includes(String(directive))
  ) {
    throw apiErrors.badRequest(
      `Unknown patch type: ${String(directive)} in map: ${JSON.stringify(
        patch,
      )}`,
    );
  }
  if (directive === 'delete') return undefined;
  if (directive === 'replace') return stripDirectives(patch);
  const result: JsonObject = isJsonObject(original) ? { ...original } : {};
  const retainKeys = patch.$retainKeys;
  if (retainKeys !== undefined) {
    if (!Array.isArray(retainKeys)) {
      throw apiErrors.badRequest('$retainKeys must be a list of field names');
    }
    for (const key of Object.keys(result)) {
      if (!retainKeys.includes(key)) delete result[key];
    }
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (
      key.startsWith(setElementOrderPrefix) ||
      key.startsWith(deleteFromPrimitiveListPrefix)
    ) {
      continue;
    }
    if (key.startsWith('$')) {
      throw apiErrors.badRequest(
        `unknown strategic merge patch directive ${key}`,
      );
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const merged = mergeValue(result[key], value, childSchema(schema, key));
    if (merged === undefined) delete result[key];
    else result[key] = merged;
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(deleteFromPrimitiveListPrefix)) {
      const field = key.slice(deleteFromPrimitiveListPrefix.length);
      const list = result[field];
      if (Array.isArray(list) && Array.isArray(value)) {
        result[field] = list.filter(
          item => !value.some(v => JSON.stringify(v) === JSON.stringify(item)),
        );
      }
    }
    if (key.startsWith(setElementOrderPrefix)) {
      const field = key.slice(setElementOrderPrefix.length);
      const list = result[field];
      const fieldSchema = childSchema(schema, field);
      if (Array.isArray(list)) {
        result[field] = orderList(
          list,
          value,
          fieldSchema?.type === 'array' ? fieldSchema.patchMergeKey : undefined,
        );
      }
    }
  }
  return result;
}

function mergeValue(
  original: JsonValue | undefined,
  patch: JsonValue,
  schema: FieldSchema | undefined,
): JsonValue | undefined {
  if (Array.isArray(patch)) return mergeList(original, patch, schema);
  if (isJsonObject(patch)) return mergeMap(original, patch, schema);
  return patch;
}

/**
 * A strategic merge patch as the API server applies it with the Go type's patch metadata:
 * maps merge, lists merge only where the type declares `patchStrategy: merge` (by
 * `patchMergeKey` for lists of maps), every other list is replaced whole, and the
 * `$patch`, `$retainKeys`, `$setElementOrder/` and `$deleteFromPrimitiveList/` directives apply.
 */
export function applyStrategicMergePatch(
  original: JsonObject,
  patch: JsonValue,
  schema: FieldSchema,
): JsonObject {
  if (!isJsonObject(patch)) {
    throw apiErrors.badRequest(
      'json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
  }
  const merged = mergeMap(original, patch, schema);
  if (!isJsonObject(merged)) {
    throw apiErrors.badRequest(
      'a strategic merge patch may not delete the whole object',
    );
  }
  return merged;
}
