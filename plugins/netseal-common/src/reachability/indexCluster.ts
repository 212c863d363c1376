import type { NetworkPolicyProtocol } from '../types';
import { IpAddress, IpFamily, parseIpAddress } from './ipAddress';
import type { Labels } from './labelSelector';
import { ReachabilityInputError } from './ReachabilityInputError';
import type { ClusterSnapshot, PodReference } from './types';

/** The label the API server puts on every namespace (GA in Kubernetes 1.22). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface IndexedContainerPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: NetworkPolicyProtocol;
}

export interface IndexedPod {
  readonly index: number;
  readonly reference: PodReference;
  readonly namespace: string;
  readonly labels: Labels;
  /** The pod's first address of each family (a pod has at most one of each). */
  readonly addresses: Partial<Record<IpFamily, IpAddress>>;
  /** The family of `status.podIPs[0]`. */
  readonly primaryFamily?: IpFamily;
  readonly containerPorts: readonly IndexedContainerPort[];
}

/** Namespaces and pods of a snapshot, indexed for lookups by name and by address. */
export interface ClusterIndex {
  readonly namespaceLabels: ReadonlyMap<string, Labels>;
  readonly pods: readonly IndexedPod[];
  podByReference(reference: PodReference): IndexedPod | undefined;
  podByAddress(address: IpAddress): IndexedPod | undefined;
  /** The family of the first pod address in the snapshot, if any pod has one. */
  readonly firstAddressFamily?: IpFamily;
}

function podKey(reference: PodReference): string {
  return `${reference.namespace}/${reference.name}`;
}

function addressKey(address: IpAddress): string {
  return `${address.family}:${address.value}`;
}

function checkLabels(labels: unknown, path: string): Labels {
  if (labels === undefined) return {};
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    throw new ReachabilityInputError(
      `${path} must be a map of label keys to string values`,
    );
  }
  for (const [key, value] of Object.entries(labels)) {
    if (typeof value !== 'string') {
      throw new ReachabilityInputError(
        `${path}.${key} must be a string (got ${JSON.stringify(value)})`,
      );
    }
  }
  return labels as Labels;
}

export function indexCluster(snapshot: ClusterSnapshot): ClusterIndex {
  const namespaceLabels = new Map<string, Labels>();
  snapshot.namespaces.forEach((namespace, i) => {
    const path = `namespaces[${i}]`;
    if (typeof namespace?.name !== 'string' || namespace.name === '') {
      throw new ReachabilityInputError(
        `${path}.name must be a non-empty string`,
      );
    }
    if (namespaceLabels.has(namespace.name)) {
      throw new ReachabilityInputError(
        `${path}: namespace ${namespace.name} is listed twice`,
      );
    }
    namespaceLabels.set(namespace.name, {
      [NAMESPACE_NAME_LABEL]: namespace.name,
      ...checkLabels(namespace.labels, `${path}.labels`),
    });
  });

  const pods: IndexedPod[] = [];
  const byReference = new Map<string, IndexedPod>();
  const byAddress = new Map<string, IndexedPod>();
  let firstAddressFamily: IpFamily | undefined;

  snapshot.pods.forEach((pod, i) => {
    const path = `pods[${i}]`;
    if (typeof pod?.name !== 'string' || pod.name === '') {
      throw new ReachabilityInputError(
        `${path}.name must be a non-empty string`,
      );
    }
    if (
      typeof pod.namespace !== 'string' ||
      !namespaceLabels.has(pod.namespace)
    ) {
      throw new ReachabilityInputError(
        `${path} (${pod.namespace}/${pod.name}): namespace ${JSON.stringify(
          pod.namespace,
        )} is not in the snapshot's namespaces; add it with its labels, since namespaceSelectors read them`,
      );
    }
    const reference = { namespace: pod.namespace, name: pod.name };
    if (byReference.has(podKey(reference))) {
      throw new ReachabilityInputError(
        `${path}: pod ${podKey(reference)} is listed twice`,
      );
    }

    const addresses: Partial<Record<IpFamily, IpAddress>> = {};
    let primaryFamily: IpFamily | undefined;
    (pod.ips ?? []).forEach((text, j) => {
      const address =
        typeof text === 'string' ? parseIpAddress(text) : undefined;
      if (!address) {
        throw new ReachabilityInputError(
          `${path}.ips[${j}] (${podKey(
            reference,
          )}) must be an IPv4 or IPv6 address (got ${JSON.stringify(text)})`,
        );
      }
      const owner = byAddress.get(addressKey(address));
      if (owner) {
        throw new ReachabilityInputError(
          `${path}.ips[${j}]: address ${text} of ${podKey(
            reference,
          )} is also an address of ${podKey(
            owner.reference,
          )}; pod addresses are unique in a pod network`,
        );
      }
      primaryFamily ??= address.family;
      firstAddressFamily ??= address.family;
      addresses[address.family] ??= address;
    });

    const containerPorts = (pod.containerPorts ?? []).map((port, j) => {
      const portPath = `${path}.containerPorts[${j}]`;
      if (
        typeof port?.containerPort !== 'number' ||
        !Number.isInteger(port.containerPort) ||
        port.containerPort < 1 ||
        port.containerPort > 65535
      ) {
        throw new ReachabilityInputError(
          `${portPath}.containerPort must be between 1 and 65535`,
        );
      }
      const protocol = port.protocol ?? 'TCP';
      if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') {
        throw new ReachabilityInputError(
          `${portPath}.protocol must be TCP, UDP or SCTP`,
        );
      }
      return {
        name: port.name || undefined,
        port: port.containerPort,
        protocol,
      };
    });

    const indexed: IndexedPod = {
      index: pods.length,
      reference,
      namespace: pod.namespace,
      labels: checkLabels(pod.labels, `${path}.labels`),
      addresses,
      primaryFamily,
      containerPorts,
    };
    pods.push(indexed);
    byReference.set(podKey(reference), indexed);
    for (const address of Object.values(addresses)) {
      byAddress.set(addressKey(address), indexed);
    }
  });

  return {
    namespaceLabels,
    pods,
    podByReference: reference => byReference.get(podKey(reference)),
    podByAddress: address => byAddress.get(addressKey(address)),
    firstAddressFamily,
  };
}
