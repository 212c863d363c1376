import { JsonObject, JsonValue, KubeObject, isJsonObject } from '../api/types';
import { FieldSchema, ObjectSchema } from '../schema/FieldSchema';

/** One managedFields entry, as the API server records a manager's last write. */
export interface ManagedFieldsEntry extends JsonObject {
  manager: string;
  operation: 'Update' | 'Apply';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonObject;
}

const ignoredMetadata = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
  'generateName',
]);

// A map's own entry in FieldsV1 (`".": {}`): set whenever the map is, beside its keys.
const mapItself = '.';

function childSchema(
  schema: FieldSchema | undefined,
  key: string,
): FieldSchema | undefined {
  if (schema?.type === 'map') return schema.values;
  if (schema?.type === 'object') return schema.properties[key];
  return undefined;
}

/**
 * Leaves as `spec\u0000ingress`, following the kind's schema as structured-merge-diff
 * does: structs and maps descend (a map also owns itself, `.`), while lists and atomic
 * structs (LabelSelector) are one leaf. Without a schema, objects descend as structs.
 */
function leaves(
  value: JsonValue | undefined,
  schema: FieldSchema | undefined,
  prefix: string[],
  out: Map<string, string>,
) {
  const atomic =
    schema?.type === 'array' ||
    (schema?.type === 'object' && schema.mapType === 'atomic');
  if (!atomic && isJsonObject(value) && Object.keys(value).length > 0) {
    if (schema?.type === 'map')
      out.set([...prefix, mapItself].join('\u0000'), '');
    for (const [key, child] of Object.entries(value)) {
      if (
        prefix.length === 1 &&
        prefix[0] === 'metadata' &&
        ignoredMetadata.has(key)
      )
        continue;
      leaves(child, childSchema(schema, key), [...prefix, key], out);
    }
    return;
  }
  if (prefix.length > 0)
    out.set(prefix.join('\u0000'), JSON.stringify(value ?? null));
}

function objectLeaves(
  object: KubeObject,
  schema: ObjectSchema | undefined,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(object)) {
    if (key === 'apiVersion' || key === 'kind' || key === 'status') continue;
    leaves(value as JsonValue, schema?.properties[key], [key], out);
  }
  return out;
}

function toFieldsV1(paths: Iterable<string>): JsonObject {
  const root: JsonObject = {};
  for (const path of paths) {
    let node = root;
    for (const part of path.split('\u0000')) {
      const key = part === mapItself ? mapItself : `f:${part}`;
      if (!isJsonObject(node[key])) node[key] = {};
      node = node[key] as JsonObject;
    }
  }
  return root;
}

function fromFieldsV1(
  fields: JsonValue | undefined,
  prefix: string[] = [],
  out: string[] = [],
): string[] {
  if (!isJsonObject(fields)) return out;
  const children = Object.keys(fields).filter(
    k => k.startsWith('f:') || k === mapItself,
  );
  if (children.length === 0 && prefix.length > 0)
    out.push(prefix.join('\u0000'));
  for (const key of children)
    fromFieldsV1(
      fields[key],
      [...prefix, key === mapItself ? mapItself : key.slice(2)],
      out,
    );
  return out;
}

function entries(object: KubeObject | undefined): ManagedFieldsEntry[] {
  const list = object?.metadata.managedFields;
  return Array.isArray(list)
    ? (list.filter(isJsonObject) as ManagedFieldsEntry[])
    : [];
}

/**
 * Records field ownership the way an Update does: the writing manager takes the fields its
 * write set or changed, other managers lose those, and managers left with nothing disappear.
 * Lists are treated as atomic, which is exact for NetworkPolicy (all its lists are atomic),
 * not for a pod's containers (upstream keys them by name).
 */
export function updateManagedFields(
  object: KubeObject,
  previous: KubeObject | undefined,
  manager: string,
  apiVersion: string,
  time: string,
  schema?: ObjectSchema,
): void {
  const now = objectLeaves(object, schema);
  const before = previous
    ? objectLeaves(previous, schema)
    : new Map<string, string>();
  const touched = new Set<string>();
  for (const [path, value] of now)
    if (before.get(path) !== value) touched.add(path);
  for (const path of before.keys()) if (!now.has(path)) touched.add(path);

  const result: ManagedFieldsEntry[] = [];
  let mine: Set<string> = new Set();
  for (const entry of entries(previous)) {
    const owned = fromFieldsV1(entry.fieldsV1).filter(p => now.has(p));
    if (entry.manager === manager && entry.operation === 'Update') {
      mine = new Set(owned);
      continue;
    }
    const kept = owned.filter(p => !touched.has(p));
    if (kept.length > 0) result.push({ ...entry, fieldsV1: toFieldsV1(kept) });
  }
  for (const path of touched) if (now.has(path)) mine.add(path);
  if (mine.size > 0) {
    result.push({
      manager,
      operation: 'Update',
      apiVersion,
      time,
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1([...mine].sort()),
    });
  }
  if (result.length > 0) object.metadata.managedFields = result;
  else delete object.metadata.managedFields;
}
