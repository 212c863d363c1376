import { parseFieldPath as readFieldPath } from '@netseal/backstage-plugin-netseal-common';

/** A step in a field path: a field or map key, or a list index. */
export type FieldPathSegment = string | number;

/**
 * Reads a field path as the drift API writes it (`spec.ingress[0].ports[1].port`,
 * `metadata.labels["app.kubernetes.io/name"]`) into its steps, with netseal-common's
 * reader, the one the CLI and validation use.
 */
export function parseFieldPath(path: string): FieldPathSegment[] {
  return readFieldPath(path).map(step => {
    switch (step.type) {
      case 'index':
        return step.index;
      case 'key':
        return step.key;
      default:
        return step.name;
    }
  });
}

/** The value at a path, and whether the path exists at all (a value may be `undefined`). */
export function valueAtPath(
  root: unknown,
  segments: readonly FieldPathSegment[],
): { found: boolean; value?: unknown } {
  let current: unknown = root;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length) {
        return { found: false };
      }
      current = current[segment];
    } else {
      if (
        current === null ||
        typeof current !== 'object' ||
        Array.isArray(current) ||
        !Object.prototype.hasOwnProperty.call(current, segment)
      ) {
        return { found: false };
      }
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return { found: true, value: current };
}

/** One string per path, to compare paths and use them as map keys. */
export function fieldPathKey(segments: readonly FieldPathSegment[]): string {
  return JSON.stringify(segments);
}
