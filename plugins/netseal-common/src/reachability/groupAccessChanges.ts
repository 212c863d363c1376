import type { LabelSelector } from '../types';
import type { Labels } from './labelSelector';
import type { PodClassPartition } from './PodClassPartition';
import type { ResolvedExternalEndpoint } from './resolveAccessOptions';
import type { AccessParty, ExternalCoverage, NamespacePods } from './types';

/** One changed cell: a pod class or external endpoint on each side. */
export interface ChangedCell {
  readonly source: number;
  readonly destination: number;
  readonly before: ExternalCoverage;
  readonly after: ExternalCoverage;
}

/** A rectangle of changed cells: every source with every destination. */
export interface CellGroup {
  readonly sources: readonly number[];
  readonly destinations: readonly number[];
  readonly before: ExternalCoverage;
  readonly after: ExternalCoverage;
}

function rectangles(
  cells: readonly ChangedCell[],
  rowOf: (cell: ChangedCell) => number,
  columnOf: (cell: ChangedCell) => number,
): Array<{ rows: number[]; columns: number[] }> {
  const columnsOfRow = new Map<number, number[]>();
  for (const cell of cells) {
    const columns = columnsOfRow.get(rowOf(cell)) ?? [];
    columns.push(columnOf(cell));
    columnsOfRow.set(rowOf(cell), columns);
  }
  const byColumns = new Map<string, { rows: number[]; columns: number[] }>();
  for (const [row, columns] of columnsOfRow) {
    columns.sort((a, b) => a - b);
    const key = columns.join(',');
    const group = byColumns.get(key) ?? { rows: [], columns };
    group.rows.push(row);
    byColumns.set(key, group);
  }
  return [...byColumns.values()];
}

/**
 * Partitions changed cells into rectangles (sources × destinations) that change the same
 * way. Sources with the same set of changed destinations form one rectangle; the same is
 * tried the other way round and the smaller partition wins. Every cell lands in exactly
 * one rectangle, and there are never more rectangles than changed cells.
 */
export function groupChangedCells(cells: readonly ChangedCell[]): CellGroup[] {
  const byTransition = new Map<string, ChangedCell[]>();
  for (const cell of cells) {
    const key = `${cell.before}>${cell.after}`;
    const list = byTransition.get(key) ?? [];
    list.push(cell);
    byTransition.set(key, list);
  }
  const groups: CellGroup[] = [];
  for (const transition of byTransition.values()) {
    const { before, after } = transition[0];
    const bySource = rectangles(
      transition,
      cell => cell.source,
      cell => cell.destination,
    );
    const byDestination = rectangles(
      transition,
      cell => cell.destination,
      cell => cell.source,
    );
    if (bySource.length <= byDestination.length) {
      for (const { rows, columns } of bySource) {
        groups.push({
          sources: rows.sort((a, b) => a - b),
          destinations: columns,
          before,
          after,
        });
      }
    } else {
      for (const { rows, columns } of byDestination) {
        groups.push({
          sources: columns,
          destinations: rows.sort((a, b) => a - b),
          before,
          after,
        });
      }
    }
  }
  return groups;
}

function commonLabels(labelSets: readonly Labels[]): Labels {
  const [first, ...rest] = labelSets;
  const common: Record<string, string> = {};
  for (const [key, value] of Object.entries(first)) {
    if (rest.every(labels => labels[key] === value)) common[key] = value;
  }
  return common;
}

const IDENTITY_KEYS = [
  'app.kubernetes.io/name',
  'app',
  'k8s-app',
  'name',
  'app.kubernetes.io/component',
  'component',
];

type ExactSelector = (
  partition: PodClassPartition,
  target: readonly number[],
  inNamespace: readonly number[],
) => LabelSelector | undefined;

/** The fewest common labels that pick exactly `target` among a namespace's pod classes. */
const byCommonLabels: ExactSelector = (partition, target, inNamespace) => {
  if (target.length === 0) return undefined;
  const targetSet = new Set(target);
  const labelsOf = (id: number) => partition.classes[id].labels;
  const selectsExactly = (labels: Labels) => {
    const entries = Object.entries(labels);
    if (entries.length === 0) return false;
    return inNamespace.every(
      id =>
        entries.every(([key, value]) => labelsOf(id)[key] === value) ===
        targetSet.has(id),
    );
  };
  let selector = commonLabels(target.map(labelsOf));
  if (selectsExactly(selector)) {
    // Drop incidental keys first, so the selector keeps the keys that name a workload.
    const dropOrder = Object.keys(selector).sort(
      (a, b) =>
        Number(IDENTITY_KEYS.includes(a)) - Number(IDENTITY_KEYS.includes(b)) ||
        a.localeCompare(b),
    );
    for (const key of dropOrder) {
      const { [key]: _dropped, ...rest } = selector;
      if (selectsExactly(rest)) selector = rest;
    }
    return { matchLabels: selector };
  }
  return undefined;
};

/** One label key with the list of values that picks exactly `target`. */
const byValueList: ExactSelector = (partition, target, inNamespace) => {
  if (target.length === 0) return undefined;
  const targetSet = new Set(target);
  const labelsOf = (id: number) => partition.classes[id].labels;
  const keys = [
    ...new Set(target.flatMap(id => Object.keys(labelsOf(id)))),
  ].sort(
    (a, b) =>
      Number(IDENTITY_KEYS.includes(b)) - Number(IDENTITY_KEYS.includes(a)) ||
      a.localeCompare(b),
  );
  for (const key of keys) {
    if (!target.every(id => Object.hasOwn(labelsOf(id), key))) continue;
    const values = new Set(target.map(id => labelsOf(id)[key]));
    const exact = inNamespace.every(
      id =>
        targetSet.has(id) ||
        !Object.hasOwn(labelsOf(id), key) ||
        !values.has(labelsOf(id)[key]),
    );
    if (exact)
      return {
        matchExpressions: [{ key, operator: 'In', values: [...values].sort() }],
      };
  }
  return undefined;
};

/** Describes a set of pod classes per namespace, collapsing whole namespaces. */
export function podParty(
  partition: PodClassPartition,
  classIds: readonly number[],
): AccessParty {
  const chosen = new Set(classIds);
  const namespaces = [
    ...new Set(classIds.map(id => partition.classes[id].namespace)),
  ].sort();
  const described: NamespacePods[] = namespaces.map(namespace => {
    const inNamespace = partition.classesInNamespace.get(namespace) ?? [];
    const picked = inNamespace.filter(id => chosen.has(id));
    const labelSets = picked
      .map(id => partition.classes[id].labels)
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const allPods = picked.length === inNamespace.length;
    const entry: NamespacePods = { namespace, allPods, labelSets };
    if (!allPods) {
      const others = inNamespace.filter(id => !chosen.has(id));
      // The shortest reading first: "app=web", "other than app=worker", "app in (a, b)".
      for (const [field, target, select] of [
        ['selectedBy', picked, byCommonLabels],
        ['exceptSelectedBy', others, byCommonLabels],
        ['selectedBy', picked, byValueList],
        ['exceptSelectedBy', others, byValueList],
      ] as const) {
        const selector = select(partition, target, inNamespace);
        if (selector) {
          entry[field] = selector;
          break;
        }
      }
    }
    return entry;
  });
  const pods = classIds
    .flatMap(id => partition.classes[id].podIndexes)
    .sort((a, b) => a - b)
    .map(index => partition.cluster.pods[index].reference);
  return {
    kind: 'pods',
    everyPod: chosen.size === partition.size,
    namespaces: described,
    podCount: pods.length,
    pods,
  };
}

export function externalParty(
  externals: readonly ResolvedExternalEndpoint[],
  indexes: readonly number[],
): AccessParty {
  return {
    kind: 'external',
    endpoints: indexes.map(index => externals[index].endpoint),
  };
}
