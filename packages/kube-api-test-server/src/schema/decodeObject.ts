import { JsonObject, JsonValue, isJsonObject } from '../api/types';
import { FieldSchema, ObjectSchema } from './FieldSchema';

/** What decoding a request body into a typed object found. */
export interface DecodeResult {
  /** The object as Go's JSON round trip leaves it: unknown fields pruned, empty omitempty fields dropped. */
  object: JsonObject;
  /** Paths of fields the type does not have, e.g. `spec.ingress[0].foo`. */
  unknownFields: string[];
  /** Type mismatches, each as encoding/json describes it. */
  typeErrors: string[];
}

function jsonTypeName(value: JsonValue): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'number') return `number ${value}`;
  return typeof value;
}

function goTypeName(schema: FieldSchema): string {
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
      return schema.format;
    case 'int-or-string':
      return 'intstr.IntOrString';
    case 'boolean':
      return 'bool';
    case 'object':
      return `v1.${schema.goType}`;
    case 'map':
      return 'map[string]string';
    case 'array':
      return `[]${goTypeName(schema.items)}`;
    default:
      return 'interface {}';
  }
}

function isEmpty(value: JsonValue): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (isJsonObject(value)) return Object.keys(value).length === 0;
  return value === '' || value === 0 || value === false;
}

class Decoder {
  readonly unknownFields: string[] = [];
  readonly typeErrors: string[] = [];

  constructor(private readonly goRoot: string) {}

  private typeError(value: JsonValue, schema: FieldSchema, path: string) {
    const goPath = path.replace(/\[\d+\]/g, '').replace(/\[[^\]]*\]/g, '');
    this.typeErrors.push(
      `json: cannot unmarshal ${jsonTypeName(value)} into Go struct field ${
        this.goRoot
      }.${goPath} of type ${goTypeName(schema)}`,
    );
  }

  decode(
    value: JsonValue,
    schema: FieldSchema,
    path: string,
  ): JsonValue | undefined {
    if (value === null) return undefined;
    switch (schema.type) {
      case 'any':
        return value;
      case 'string':
        if (typeof value !== 'string') {
          this.typeError(value, schema, path);
          return undefined;
        }
        return value;
      case 'boolean':
        if (typeof value !== 'boolean') {
          this.typeError(value, schema, path);
          return undefined;
        }
        return value;
      case 'integer':
        if (typeof value !== 'number' || !Number.isInteger(value)) {
          this.typeError(value, schema, path);
          return undefined;
        }
        return value;
      case 'int-or-string':
        if (
          typeof value !== 'string' &&
          !(typeof value === 'number' && Number.isInteger(value))
        ) {
          this.typeError(value, schema, path);
          return undefined;
        }
        return value;
      case 'map': {
        if (!isJsonObject(value)) {
          this.typeError(value, schema, path);
          return undefined;
        }
        const out: JsonObject = {};
        for (const [key, item] of Object.entries(value)) {
          const decoded = this.decode(item, schema.values, `${path}[${key}]`);
          if (decoded !== undefined) out[key] = decoded;
        }
        return out;
      }
      case 'array': {
        if (!Array.isArray(value)) {
          this.typeError(value, schema, path);
          return undefined;
        }
        return value.map((item, index) => {
          const decoded = this.decode(item, schema.items, `${path}[${index}]`);
          return decoded === undefined ? null : decoded;
        });
      }
      case 'object':
        if (!isJsonObject(value)) {
          this.typeError(value, schema, path);
          return undefined;
        }
        return this.decodeObject(value, schema, path);
      default:
        return value;
    }
  }

  decodeObject(
    value: JsonObject,
    schema: ObjectSchema,
    path: string,
  ): JsonObject {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      const child = schema.properties[key];
      if (!child) {
        if (schema.preserveUnknownFields) out[key] = item;
        else this.unknownFields.push(childPath);
        continue;
      }
      const decoded = this.decode(item, child, childPath);
      if (decoded === undefined) continue;
      if (child.presence === 'omitempty' && isEmpty(decoded)) continue;
      out[key] = decoded;
    }
    // Go writes non-pointer structs and fields without omitempty even when the client left them out.
    for (const [key, child] of Object.entries(schema.properties)) {
      if (key in out || child.presence !== 'always') continue;
      if (child.type === 'object') {
        out[key] = this.decodeObject({}, child, path ? `${path}.${key}` : key);
      } else if (child.type === 'string') {
        out[key] = '';
      } else if (child.type === 'integer') {
        out[key] = 0;
      } else if (child.type === 'boolean') {
        out[key] = false;
      }
    }
    return out;
  }
}

/** Decodes a request body as the API server's typed JSON decoder would. */
export function decodeObject(
  body: JsonObject,
  schema: ObjectSchema,
): DecodeResult {
  const decoder = new Decoder(schema.goType);
  const object = decoder.decodeObject(body, schema, '');
  return {
    object,
    unknownFields: decoder.unknownFields,
    typeErrors: decoder.typeErrors,
  };
}
