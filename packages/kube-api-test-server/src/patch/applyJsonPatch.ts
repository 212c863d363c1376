import { Operation, applyPatch } from 'fast-json-patch';
import { KubeApiError, apiErrors } from '../api/status';
import { JsonObject, JsonValue, cloneJson, isJsonObject } from '../api/types';

const operations = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

function toOperations(patch: JsonValue): Operation[] {
  if (!Array.isArray(patch)) {
    throw apiErrors.badRequest(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  return patch.map((op, index) => {
    if (
      !isJsonObject(op) ||
      typeof op.op !== 'string' ||
      !operations.includes(op.op)
    ) {
      throw apiErrors.badRequest(
        `Unexpected kind: ${
          isJsonObject(op) ? String(op.op) : 'unknown'
        } (operation ${index})`,
      );
    }
    if (typeof op.path !== 'string') {
      throw apiErrors.badRequest(
        `operation ${index} (${op.op}) is missing "path"`,
      );
    }
    return op as unknown as Operation;
  });
}

/** RFC 6902 JSON patch; a patch that does not apply is a 422, as the API server answers it. */
export function applyJsonPatch(
  document: JsonObject,
  patch: JsonValue,
): JsonValue {
  const ops = toOperations(patch);
  try {
    return applyPatch(cloneJson(document), ops, true, true)
      .newDocument as JsonValue;
  } catch {
    // The real server says no more than this (the differential suite compares it).
    throw new KubeApiError(
      422,
      'Invalid',
      'the server rejected our request due to an error in our request',
      {},
    );
  }
}
