import { ClassAccess } from './ClassAccess';
import type { PodClassPartition } from './PodClassPartition';
import { ReachabilityModel, toReachabilityModel } from './ReachabilityModel';
import { resolveAccessOptions } from './resolveAccessOptions';
import type {
  AccessMatrix,
  AccessMatrixOptions,
  ClusterSnapshot,
  ExternalCoverage,
  PodClass,
  PodReference,
} from './types';

/** @internal */
export function publicPodClasses(partition: PodClassPartition): PodClass[] {
  const pods = partition.cluster.pods;
  return partition.classes.map(podClass => ({
    id: podClass.id,
    namespace: podClass.namespace,
    labels: podClass.labels,
    pods: podClass.podIndexes.map(index => pods[index].reference),
  }));
}

/**
 * Computes who may reach whom on one port and protocol: every pair of pods, and pods
 * to and from the given external endpoints. Work grows with the number of pod classes
 * (pods that no policy tells apart), not with the number of pod pairs.
 * @public
 */
export function computeAccessMatrix(
  input: ReachabilityModel | ClusterSnapshot,
  options: AccessMatrixOptions,
): AccessMatrix {
  const model = toReachabilityModel(input);
  const resolved = resolveAccessOptions(model, options);
  const partition = model.partition();
  const access = new ClassAccess(partition, model.policies, resolved);
  const size = partition.size;

  const podAccess = new Uint8Array(size * size);
  for (let source = 0; source < size; source++) {
    for (let destination = 0; destination < size; destination++) {
      if (access.allows(source, destination))
        podAccess[source * size + destination] = 1;
    }
  }
  const externals = resolved.externalEndpoints;
  const podToExternal: ExternalCoverage[] = [];
  for (let source = 0; source < size; source++) {
    for (const external of externals)
      podToExternal.push(access.podToExternal(source, external.range));
  }
  const externalToPod: ExternalCoverage[] = [];
  for (const external of externals) {
    for (let destination = 0; destination < size; destination++) {
      externalToPod.push(access.externalToPod(external.range, destination));
    }
  }
  const podsWithoutNamedPort: PodReference[] = partition.classes
    .filter(podClass => access.destinationPort[podClass.id] < 0)
    .flatMap(podClass => podClass.podIndexes)
    .sort((a, b) => a - b)
    .map(index => model.cluster.pods[index].reference);

  return {
    port: resolved.port,
    protocol: resolved.protocol,
    ipFamily: resolved.ipFamily,
    podClasses: publicPodClasses(partition),
    externalEndpoints: externals.map(external => external.endpoint),
    podAccess,
    podToExternal,
    externalToPod,
    podsWithoutNamedPort,
  };
}
