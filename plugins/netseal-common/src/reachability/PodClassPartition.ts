import { Bitset } from './Bitset';
import type {
  CompiledIpBlock,
  CompiledPeer,
  CompiledPolicy,
} from './compilePolicy';
import type { ClusterIndex, IndexedContainerPort } from './indexCluster';
import type { IpFamily } from './ipAddress';
import type { CompiledLabelSelector, Labels } from './labelSelector';
import { ipBlockContains } from './matchPeers';

export interface PodClassMembers {
  readonly id: number;
  readonly namespace: string;
  /** The pods' labels restricted to the keys some selector reads. */
  readonly labels: Labels;
  readonly podIndexes: readonly number[];
  readonly containerPorts: readonly IndexedContainerPort[];
  /** `[block index]`: 1 when the pods' address of the block's family lies in the block. */
  readonly inIpBlock: Uint8Array;
}

/**
 * Splits pods into classes that every policy of the given sets treats alike: same
 * namespace, same values for every label key a pod selector reads, same named ports, and
 * inside the same ipBlocks. Verdicts are then computed per class, not per pod.
 *
 * It also caches what does not depend on port or protocol (which classes a selector or a
 * peer picks), so one partition serves many matrices and both sides of a diff.
 */
export class PodClassPartition {
  readonly classes: PodClassMembers[] = [];
  readonly classOfPod: Int32Array;
  readonly classesInNamespace = new Map<string, number[]>();
  private readonly ipBlockIndex = new Map<string, number>();
  private readonly ipBlocks: CompiledIpBlock[] = [];
  private readonly selectedCache = new Map<string, readonly number[]>();
  private readonly namespaceCache = new Map<string, readonly string[]>();
  private readonly peerCache = new Map<string, Bitset>();

  constructor(
    readonly cluster: ClusterIndex,
    policySets: readonly (readonly CompiledPolicy[])[],
  ) {
    const labelKeys = new Set<string>();
    const noteSelector = (selector: CompiledLabelSelector) =>
      selector.labelKeys.forEach(key => labelKeys.add(key));
    const notePeer = (peer: CompiledPeer) => {
      if (peer.kind === 'pods') noteSelector(peer.podSelector);
      else if (!this.ipBlockIndex.has(peer.ipBlock.key)) {
        this.ipBlockIndex.set(peer.ipBlock.key, this.ipBlocks.length);
        this.ipBlocks.push(peer.ipBlock);
      }
    };
    for (const policies of policySets) {
      for (const policy of policies) {
        noteSelector(policy.podSelector);
        for (const rule of [...policy.ingressRules, ...policy.egressRules]) {
          rule.peers?.forEach(notePeer);
        }
      }
    }
    const sortedKeys = [...labelKeys].sort();

    this.classOfPod = new Int32Array(cluster.pods.length);
    const classByKey = new Map<string, number>();
    const podIndexes: number[][] = [];
    for (const pod of cluster.pods) {
      const labels: Record<string, string> = {};
      for (const key of sortedKeys) {
        if (Object.hasOwn(pod.labels, key)) labels[key] = pod.labels[key];
      }
      const inIpBlock = new Uint8Array(this.ipBlocks.length);
      this.ipBlocks.forEach((block, i) => {
        const address = pod.addresses[block.cidr.family];
        inIpBlock[i] =
          address !== undefined && ipBlockContains(block, address) ? 1 : 0;
      });
      const namedPorts = pod.containerPorts
        .filter(port => port.name !== undefined)
        .map(port => `${port.name}=${port.port}/${port.protocol}`)
        .sort();
      const key = JSON.stringify([
        pod.namespace,
        labels,
        namedPorts,
        inIpBlock.join(''),
      ]);
      let id = classByKey.get(key);
      if (id === undefined) {
        id = this.classes.length;
        classByKey.set(key, id);
        podIndexes.push([]);
        this.classes.push({
          id,
          namespace: pod.namespace,
          labels,
          podIndexes: podIndexes[id],
          containerPorts: pod.containerPorts,
          inIpBlock,
        });
        const inNamespace = this.classesInNamespace.get(pod.namespace) ?? [];
        inNamespace.push(id);
        this.classesInNamespace.set(pod.namespace, inNamespace);
      }
      podIndexes[id].push(pod.index);
      this.classOfPod[pod.index] = id;
    }
  }

  get size(): number {
    return this.classes.length;
  }

  /** Classes a policy's podSelector selects in its namespace. */
  selectedBy(policy: CompiledPolicy): readonly number[] {
    const cacheKey = `${policy.namespace}\u0000${policy.podSelector.key}`;
    let selected = this.selectedCache.get(cacheKey);
    if (!selected) {
      selected = (this.classesInNamespace.get(policy.namespace) ?? []).filter(
        id => policy.podSelector.matches(this.classes[id].labels),
      );
      this.selectedCache.set(cacheKey, selected);
    }
    return selected;
  }

  private namespacesSelectedBy(
    selector: CompiledLabelSelector,
  ): readonly string[] {
    let names = this.namespaceCache.get(selector.key);
    if (!names) {
      names = [...this.cluster.namespaceLabels]
        .filter(([, labels]) => selector.matches(labels))
        .map(([name]) => name);
      this.namespaceCache.set(selector.key, names);
    }
    return names;
  }

  /** Classes a peer matches when pods of the classes connect over `family`. */
  peerClasses(peer: CompiledPeer, family: IpFamily): Bitset {
    const cacheKey =
      peer.kind === 'ipBlock' ? `${family}\u0000${peer.key}` : peer.key;
    let set = this.peerCache.get(cacheKey);
    if (set) return set;
    set = new Bitset(this.size);
    if (peer.kind === 'ipBlock') {
      const blockIndex = this.ipBlockIndex.get(peer.ipBlock.key);
      if (peer.ipBlock.cidr.family === family && blockIndex !== undefined) {
        for (const podClass of this.classes) {
          if (podClass.inIpBlock[blockIndex]) set.add(podClass.id);
        }
      }
    } else {
      const namespaces = peer.namespaceSelector
        ? this.namespacesSelectedBy(peer.namespaceSelector)
        : [peer.policyNamespace];
      for (const namespace of namespaces) {
        for (const id of this.classesInNamespace.get(namespace) ?? []) {
          if (
            peer.podSelector.selectsEverything ||
            peer.podSelector.matches(this.classes[id].labels)
          ) {
            set.add(id);
          }
        }
      }
    }
    this.peerCache.set(cacheKey, set);
    return set;
  }
}
