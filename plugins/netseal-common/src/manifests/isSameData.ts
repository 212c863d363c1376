function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether two values read from YAML are the same data: plain objects, arrays and scalars
 * compared deeply, `NaN` equal to itself. Stands in for Node's `isDeepStrictEqual`, which
 * this isomorphic package cannot import.
 */
export function isSameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) {
    return true;
  }
  if (a instanceof Date || b instanceof Date) {
    return (
      a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
    );
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => isSameData(item, b[index]))
    );
  }
  if (isRecord(a) && isRecord(b)) {
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) {
      return false;
    }
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every(
        key =>
          Object.prototype.hasOwnProperty.call(b, key) &&
          isSameData(a[key], b[key]),
      )
    );
  }
  return false;
}
