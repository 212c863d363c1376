import { apiErrors } from '../api/status';
import { JsonObject } from '../api/types';

// kubectl's typed clients send authorization.k8s.io reviews as Kubernetes protobuf: the
// "k8s\0" magic, then a runtime.Unknown envelope whose `raw` holds the object. Only the
// review specs are read here, so a small wire-format reader is enough.

type Fields = Map<number, (Buffer | number)[]>;

function readVarint(buffer: Buffer, offset: number): [number, number] {
  let result = 0;
  let shift = 0;
  let position = offset;
  for (;;) {
    if (position >= buffer.length) throw new Error('truncated varint');
    const byte = buffer[position++];
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [result, position];
    shift += 7;
  }
}

function readFields(buffer: Buffer): Fields {
  const fields: Fields = new Map();
  let offset = 0;
  while (offset < buffer.length) {
    const [key, afterKey] = readVarint(buffer, offset);
    const field = Math.floor(key / 8);
    const wireType = key & 7;
    let value: Buffer | number;
    if (wireType === 0) {
      [value, offset] = readVarint(buffer, afterKey);
    } else if (wireType === 2) {
      const [length, start] = readVarint(buffer, afterKey);
      value = buffer.subarray(start, start + length);
      offset = start + length;
    } else if (wireType === 1) {
      value = 0;
      offset = afterKey + 8;
    } else if (wireType === 5) {
      value = 0;
      offset = afterKey + 4;
    } else {
      throw new Error(`unsupported wire type ${wireType}`);
    }
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}

function message(fields: Fields, field: number): Fields | undefined {
  const value = fields.get(field)?.[0];
  return Buffer.isBuffer(value) ? readFields(value) : undefined;
}

function text(fields: Fields | undefined, field: number): string | undefined {
  const value = fields?.get(field)?.[0];
  return Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
}

function strings(entries: Record<string, string | undefined>): JsonObject {
  return Object.fromEntries(
    Object.entries(entries).filter(([, v]) => v),
  ) as JsonObject;
}

/** Decodes a protobuf SelfSubjectAccessReview, SelfSubjectRulesReview or SelfSubjectReview into its JSON form. */
export function decodeProtobufReview(body: Buffer): JsonObject {
  try {
    if (body.subarray(0, 4).toString('latin1') !== 'k8s\u0000') {
      throw new Error('missing the k8s protobuf magic prefix');
    }
    const envelope = readFields(body.subarray(4));
    const typeMeta = message(envelope, 1);
    const kind = text(typeMeta, 2) ?? '';
    const raw = envelope.get(2)?.[0];
    const object = Buffer.isBuffer(raw) ? readFields(raw) : new Map();
    const spec = message(object, 2);
    if (kind === 'SelfSubjectAccessReview') {
      const resource = spec && message(spec, 1);
      const nonResource = spec && message(spec, 2);
      return {
        kind,
        apiVersion: text(typeMeta, 1) ?? '',
        spec: {
          ...(resource
            ? {
                resourceAttributes: strings({
                  namespace: text(resource, 1),
                  verb: text(resource, 2),
                  group: text(resource, 3),
                  version: text(resource, 4),
                  resource: text(resource, 5),
                  subresource: text(resource, 6),
                  name: text(resource, 7),
                }),
              }
            : {}),
          ...(nonResource
            ? {
                nonResourceAttributes: strings({
                  path: text(nonResource, 1),
                  verb: text(nonResource, 2),
                }),
              }
            : {}),
        },
      };
    }
    if (kind === 'SelfSubjectRulesReview') {
      return {
        kind,
        apiVersion: text(typeMeta, 1) ?? '',
        spec: strings({ namespace: text(spec, 1) }),
      };
    }
    return { kind, apiVersion: text(typeMeta, 1) ?? '' };
  } catch (error) {
    throw apiErrors.badRequest(
      `the protobuf body could not be decoded: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
}
