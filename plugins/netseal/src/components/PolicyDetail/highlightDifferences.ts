import type { FieldDifference } from '@netseal/backstage-plugin-netseal-common';
import {
  FieldPathSegment,
  fieldPathKey,
  parseFieldPath,
  valueAtPath,
} from './fieldPath';
import type { ManifestYaml } from './manifestYaml';

/**
 * The lines of one side's YAML to highlight for the API's differences, each with the
 * paths that make it differ.
 *
 * Paths count list elements in the sealed manifest's canonical form, so on the live side,
 * or in a manifest as written (whose lists are unsorted), an index may point elsewhere.
 * When the element at the index is not the difference's value but another element of
 * the same list is, that one is highlighted instead.
 */
export function highlightDifferences(options: {
  manifest: unknown;
  yaml: ManifestYaml;
  differences: readonly FieldDifference[];
  side: 'sealed' | 'live';
}): Map<number, string[]> {
  const { manifest, yaml, differences, side } = options;
  const highlighted = new Map<number, string[]>();
  for (const difference of differences) {
    const expected = difference[side];
    if (expected === undefined) {
      continue;
    }
    const path = locate(manifest, parseFieldPath(difference.path), expected);
    const lines = path && yaml.linesOfPath.get(fieldPathKey(path));
    if (!lines) {
      continue;
    }
    for (let line = lines.first; line <= lines.last; line++) {
      highlighted.set(line, [
        ...(highlighted.get(line) ?? []),
        difference.path,
      ]);
    }
  }
  return highlighted;
}

function locate(
  manifest: unknown,
  segments: FieldPathSegment[],
  expected: unknown,
): FieldPathSegment[] | undefined {
  const direct = valueAtPath(manifest, segments);
  if (direct.found && sameValue(direct.value, expected)) {
    return segments;
  }
  const last = segments[segments.length - 1];
  if (typeof last === 'number') {
    const parentPath = segments.slice(0, -1);
    const parent = valueAtPath(manifest, parentPath).value;
    if (Array.isArray(parent)) {
      const index = parent.findIndex(element => sameValue(element, expected));
      if (index >= 0) {
        return [...parentPath, index];
      }
    }
  }
  return direct.found ? segments : undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map(
        key =>
          `${JSON.stringify(key)}:${stableJson(
            (value as Record<string, unknown>)[key],
          )}`,
      )
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
