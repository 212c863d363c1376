import type { CanonicalNetworkPolicy } from '../../canonical/CanonicalNetworkPolicy';
import type { NetworkPolicy } from '../../types';
import type { FieldDifference } from '../types';

type Segment = { field: string } | { key: string } | { index: number };

const SEGMENT =
  /\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;

/** `spec.ingress[0].from[1]` or `metadata.labels["team"]` as segments. */
export function parseFieldPath(path: string): Segment[] {
  const segments: Segment[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < path.length) {
    const start = SEGMENT.lastIndex;
    const match = SEGMENT.exec(path);
    if (!match || match.index !== start) {
      throw new Error(`cannot parse field path ${path} at ${start}`);
    }
    if (match[1] !== undefined) {
      segments.push({ field: match[1] });
    } else if (match[2] !== undefined) {
      segments.push({ index: Number(match[2]) });
    } else {
      segments.push({ key: JSON.parse(match[3]) });
    }
  }
  return segments;
}

const REMOVED = Symbol('removed');

type Container = Record<string | number, unknown>;

/**
 * Applies differences to a sealed canonical form, reading each path in the sealed form's
 * coordinates: an index past the end of a sealed list adds an element. The result is not
 * sorted; canonicalize it before comparing.
 */
export function applyDifferences(
  sealed: CanonicalNetworkPolicy,
  differences: readonly FieldDifference[],
): NetworkPolicy {
  const result = structuredClone(sealed) as unknown as Record<string, unknown>;
  const appended: Array<{ list: unknown[]; value: unknown }> = [];
  for (const difference of differences) {
    const segments = parseFieldPath(difference.path);
    let holder: Container = result;
    for (const segment of segments.slice(0, -1)) {
      const next = holder[segmentKey(segment)];
      if (typeof next !== 'object' || next === null) {
        throw new Error(
          `${difference.path} does not resolve in the sealed form`,
        );
      }
      holder = next as Container;
    }
    const last = segments[segments.length - 1];
    const key = segmentKey(last);
    if (
      Array.isArray(holder) &&
      'index' in last &&
      last.index >= holder.length
    ) {
      appended.push({ list: holder, value: difference.live });
    } else if (difference.live === undefined) {
      if ('index' in last) {
        holder[key] = REMOVED;
      } else {
        delete holder[key];
      }
    } else {
      holder[key] = structuredClone(difference.live);
    }
  }
  for (const { list, value } of appended) {
    list.push(structuredClone(value));
  }
  return dropRemoved(result) as NetworkPolicy;
}

function segmentKey(segment: Segment): string | number {
  if ('index' in segment) {
    return segment.index;
  }
  return 'field' in segment ? segment.field : segment.key;
}

function dropRemoved(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.filter(item => item !== REMOVED).map(dropRemoved);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, dropRemoved(item)]),
    );
  }
  return value;
}
