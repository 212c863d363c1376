import type { IpAddress } from './ipAddress';
import { parseIpAddress } from './ipAddress';
import { ReachabilityInputError } from './ReachabilityInputError';
import type { ClusterSnapshot, PodReference } from './types';

/** Each pod's node and each node's addresses, read once per snapshot. */
interface NodeIndex {
  nodeOfPod: Map<string, string>;
  nodesByAddress: Map<string, Set<string>>;
}

const indexes = new WeakMap<ClusterSnapshot, NodeIndex>();

function addressKey(address: IpAddress): string {
  return `${address.family}:${address.value}`;
}

function indexNodes(snapshot: ClusterSnapshot): NodeIndex {
  const nodeOfPod = new Map<string, string>();
  for (const pod of snapshot.pods) {
    if (typeof pod.nodeName === 'string' && pod.nodeName !== '') {
      nodeOfPod.set(`${pod.namespace}/${pod.name}`, pod.nodeName);
    }
  }
  const nodesByAddress = new Map<string, Set<string>>();
  (snapshot.nodes ?? []).forEach((node, i) => {
    if (typeof node?.name !== 'string' || node.name === '') {
      throw new ReachabilityInputError(
        `nodes[${i}].name must be a non-empty string`,
      );
    }
    (node.addresses ?? []).forEach((text, j) => {
      const address =
        typeof text === 'string' ? parseIpAddress(text) : undefined;
      if (!address) {
        throw new ReachabilityInputError(
          `nodes[${i}].addresses[${j}] (node ${
            node.name
          }) must be an IPv4 or IPv6 address (got ${JSON.stringify(text)})`,
        );
      }
      const key = addressKey(address);
      const names = nodesByAddress.get(key) ?? new Set<string>();
      names.add(node.name);
      nodesByAddress.set(key, names);
    });
  });
  return { nodeOfPod, nodesByAddress };
}

/**
 * The name of the pod's node when `address` is one of that node's addresses, else
 * undefined (also when the snapshot does not say where the pod runs or what the node's
 * addresses are).
 */
export function ownNodeAt(
  snapshot: ClusterSnapshot,
  pod: PodReference,
  address: IpAddress,
): string | undefined {
  if (!snapshot.nodes || snapshot.nodes.length === 0) return undefined;
  let index = indexes.get(snapshot);
  if (!index) {
    index = indexNodes(snapshot);
    indexes.set(snapshot, index);
  }
  const node = index.nodeOfPod.get(`${pod.namespace}/${pod.name}`);
  return node && index.nodesByAddress.get(addressKey(address))?.has(node)
    ? node
    : undefined;
}

/**
 * What makes a denied connection from a pod to its own node unknown: Kubernetes' docs
 * say traffic to and from a pod's node is always allowed, but list only the incoming
 * side among what a pod cannot block, and network plugins differ on the outgoing one.
 */
export function ownNodeEgressRule(node: string): string {
  return `the network plugin's rule for traffic from a pod to its own node ${node}`;
}
