import type { FieldDifference } from '../drift/types';
import type { DriftAttribution, FieldWriter } from './types';
import { ATTRIBUTION_DEPTH } from './fieldWritersOf';
import { writerKindOf } from './writerKindOf';

/** Said of a policy that is absent live. @public */
export const DELETION_NOT_ATTRIBUTED =
  'the policy is absent live, and Kubernetes keeps no record of who deleted an object on the object itself (the cluster audit log may)';

/**
 * A difference's field path as names, down to the depth owned fields are kept and to the
 * first list index (lists are atomic in NetworkPolicy): `spec.ingress[0].ports` gives
 * `["spec", "ingress"]`, `metadata.labels["team"]` gives `["metadata", "labels", "team"]`.
 */
export function fieldNamesOf(path: string): string[] {
  const names: string[] = [];
  const segment = /\.?([^.[\]"]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/gy;
  while (names.length < ATTRIBUTION_DEPTH) {
    const match = segment.exec(path);
    if (match === null || match[2] !== undefined) break;
    names.push(match[1] ?? JSON.parse(`"${match[3]}"`));
  }
  return names;
}

/** Whether one path is the other or lies within it. */
function overlaps(a: readonly string[], b: readonly string[]): boolean {
  const length = Math.min(a.length, b.length);
  return length > 0 && a.slice(0, length).every((name, i) => name === b[i]);
}

/**
 * Who or what changed a live policy that is not what was sealed: among the live object's
 * field managers, the one that owns a changed field (at most three levels deep) and wrote
 * last; of managers that wrote in the same second, the first listed. A field that was removed has no owner left, so a drift made only of removals is
 * `unknown`, as is an object without managedFields; the reason says so.
 *
 * - `live`: absent when the policy is not live (a deletion): always `unknown`.
 * @public
 */
export function attributeDrift(input: {
  differences: readonly FieldDifference[];
  live?: { generation?: number; writers: readonly FieldWriter[] };
}): DriftAttribution {
  const { live } = input;
  if (!live) {
    return { writer: 'unknown', reason: DELETION_NOT_ATTRIBUTED };
  }
  const generation =
    live.generation !== undefined ? { generation: live.generation } : {};
  if (live.writers.length === 0) {
    return {
      writer: 'unknown',
      ...generation,
      reason: 'the live object carries no managedFields',
    };
  }
  const changed = input.differences.map(d => fieldNamesOf(d.path));
  const owners = live.writers.filter(writer =>
    writer.fields.some(owned => changed.some(field => overlaps(owned, field))),
  );
  if (owners.length === 0) {
    return {
      writer: 'unknown',
      ...generation,
      reason: `no field manager owns the changed fields (${[
        ...new Set(input.differences.map(d => d.path)),
      ].join(', ')}); a removed field keeps no owner`,
    };
  }
  const latest = owners.reduce((best, writer) =>
    (writer.time ?? '') > (best.time ?? '') ? writer : best,
  );
  return {
    writer: writerKindOf(latest.manager),
    manager: latest.manager,
    operation: latest.operation,
    ...(latest.time ? { time: latest.time } : {}),
    ...generation,
  };
}
