/** A step in a field path: a field or map key, or a list index. */
export type FieldPathSegment = string | number;

const INDEX = /^\[(\d+)\]/;
const QUOTED_KEY = /^\[("(?:[^"\\]|\\.)*")\]/;
const FIELD = /^\.?([^.[]+)/;

/**
 * Reads a field path as the drift API writes it (`spec.ingress[0].ports[1].port`,
 * `metadata.labels["app.kubernetes.io/name"]`) into its steps. Throws on a path it cannot
 * read, naming the path.
 */
export function parseFieldPath(path: string): FieldPathSegment[] {
  const segments: FieldPathSegment[] = [];
  let rest = path;
  while (rest.length > 0) {
    const index = INDEX.exec(rest);
    const quoted = index ? null : QUOTED_KEY.exec(rest);
    const field = index || quoted ? null : FIELD.exec(rest);
    if (index) {
      segments.push(Number(index[1]));
      rest = rest.slice(index[0].length);
    } else if (quoted) {
      segments.push(JSON.parse(quoted[1]) as string);
      rest = rest.slice(quoted[0].length);
    } else if (field) {
      segments.push(field[1]);
      rest = rest.slice(field[0].length);
    } else {
      throw new Error(
        `Cannot read field path ${JSON.stringify(path)} at ${JSON.stringify(
          rest,
        )}`,
      );
    }
  }
  return segments;
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
