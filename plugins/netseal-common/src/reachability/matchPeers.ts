import type { CompiledIpBlock, CompiledPeer } from './compilePolicy';
import type { IndexedPod } from './indexCluster';
import { IpAddress, IpFamily, rangeContains } from './ipAddress';
import type { Labels } from './labelSelector';

export function ipBlockContains(
  ipBlock: CompiledIpBlock,
  address: IpAddress,
): boolean {
  return ipBlock.ranges.some(range => rangeContains(range, address));
}

/**
 * Whether a peer matches a pod. Selectors: namespaceSelector (or, without one, the
 * policy's own namespace) AND podSelector. ipBlock: the pod's address of the connection's
 * family lies in the block, as the upstream conformance tests expect (README.md explains).
 */
export function peerMatchesPod(
  peer: CompiledPeer,
  pod: IndexedPod,
  namespaceLabels: Labels,
  family: IpFamily,
): boolean {
  if (peer.kind === 'ipBlock') {
    const address = pod.addresses[family];
    return address !== undefined && ipBlockContains(peer.ipBlock, address);
  }
  const namespaceMatches = peer.namespaceSelector
    ? peer.namespaceSelector.matches(namespaceLabels)
    : pod.namespace === peer.policyNamespace;
  return namespaceMatches && peer.podSelector.matches(pod.labels);
}

/** Selectors never match an address outside the cluster; only ipBlocks do. */
export function peerMatchesAddress(
  peer: CompiledPeer,
  address: IpAddress,
): boolean {
  return peer.kind === 'ipBlock' && ipBlockContains(peer.ipBlock, address);
}
