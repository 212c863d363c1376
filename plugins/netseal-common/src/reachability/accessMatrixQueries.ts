import { ReachabilityInputError } from './ReachabilityInputError';
import type { AccessMatrix, PodReference } from './types';

const classLookups = new WeakMap<AccessMatrix, Map<string, number>>();

function classOf(matrix: AccessMatrix, pod: PodReference): number {
  let lookup = classLookups.get(matrix);
  if (!lookup) {
    lookup = new Map();
    for (const podClass of matrix.podClasses) {
      for (const member of podClass.pods)
        lookup.set(`${member.namespace}/${member.name}`, podClass.id);
    }
    classLookups.set(matrix, lookup);
  }
  const id = lookup.get(`${pod.namespace}/${pod.name}`);
  if (id === undefined) {
    throw new ReachabilityInputError(
      `pod ${pod.namespace}/${pod.name} is not in the matrix's snapshot`,
    );
  }
  return id;
}

/** Whether `from` may reach `to` in the matrix. @public */
export function isPodAccessAllowed(
  matrix: AccessMatrix,
  from: PodReference,
  to: PodReference,
): boolean {
  const size = matrix.podClasses.length;
  return (
    matrix.podAccess[classOf(matrix, from) * size + classOf(matrix, to)] === 1
  );
}

/** Every allowed pod pair of the matrix, one at a time (there may be millions). @public */
export function* listAllowedPodPairs(
  matrix: AccessMatrix,
): IterableIterator<{ from: PodReference; to: PodReference }> {
  const size = matrix.podClasses.length;
  for (const source of matrix.podClasses) {
    for (const destination of matrix.podClasses) {
      if (matrix.podAccess[source.id * size + destination.id] !== 1) continue;
      for (const from of source.pods) {
        for (const to of destination.pods) yield { from, to };
      }
    }
  }
}

/** The number of allowed pod pairs, without listing them. @public */
export function countAllowedPodPairs(matrix: AccessMatrix): number {
  const size = matrix.podClasses.length;
  let count = 0;
  for (const source of matrix.podClasses) {
    for (const destination of matrix.podClasses) {
      if (matrix.podAccess[source.id * size + destination.id] === 1) {
        count += source.pods.length * destination.pods.length;
      }
    }
  }
  return count;
}
