/**
 * How a Go struct field of k8s.io/api serialises, which decides what the API server stores:
 * - `always`: a non-pointer struct, or a field without omitempty: written even when empty
 *   (`podSelector: {}`, `ipBlock.cidr`).
 * - `omitempty`: dropped when empty or zero (`ingress: []` disappears).
 * - `pointer`: dropped only when null (`endPort: 0` stays).
 */
export type Presence = 'always' | 'omitempty' | 'pointer';

interface FieldSchemaBase {
  presence?: Presence;
  description?: string;
}

/** A string field, optionally an enum. */
export interface StringSchema extends FieldSchemaBase {
  type: 'string';
  format?: 'date-time' | 'byte';
  enum?: string[];
}

/** An integer field of the given Go type. */
export interface IntegerSchema extends FieldSchemaBase {
  type: 'integer';
  format: 'int32' | 'int64';
}

/** intstr.IntOrString. */
export interface IntOrStringSchema extends FieldSchemaBase {
  type: 'int-or-string';
}

/** A boolean field. */
export interface BooleanSchema extends FieldSchemaBase {
  type: 'boolean';
}

/** A Go struct: known properties, optionally keeping the rest as they come. */
export interface ObjectSchema extends FieldSchemaBase {
  type: 'object';
  goType: string;
  properties: Record<string, FieldSchema>;
  required?: string[];
  /** Keep unknown fields rather than prune them (for the parts this server does not model). */
  preserveUnknownFields?: boolean;
  /** Replace the whole object on strategic merge, as `x-kubernetes-map-type: atomic`. */
  mapType?: 'atomic' | 'granular';
}

/** map[string]T. */
export interface MapSchema extends FieldSchemaBase {
  type: 'map';
  values: FieldSchema;
}

/** A list, with its strategic-merge-patch metadata from the Go struct tags. */
export interface ArraySchema extends FieldSchemaBase {
  type: 'array';
  items: FieldSchema;
  patchStrategy?: 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';
  patchMergeKey?: string;
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: string[];
}

/** Anything at all, kept as sent. */
export interface AnySchema extends FieldSchemaBase {
  type: 'any';
}

/** The schema of one field of a Kubernetes type. */
export type FieldSchema =
  | StringSchema
  | IntegerSchema
  | IntOrStringSchema
  | BooleanSchema
  | ObjectSchema
  | MapSchema
  | ArraySchema
  | AnySchema;
