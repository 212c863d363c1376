import type { NetworkPolicy, NetworkPolicySpec } from '../types';
import {
  CLUSTER_SCOPED_POLICY_KINDS,
  compileClusterScopedPolicy,
  NetworkPolicyApiObject,
} from './clusterScopedPolicies';
import { compilePolicy } from './compilePolicy';
import { parseIpAddress } from './ipAddress';
import { ReachabilityInputError } from './ReachabilityInputError';
import type {
  ClusterNamespace,
  ClusterNode,
  ClusterPod,
  ClusterSnapshot,
  ContainerPort,
} from './types';

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class ItemReader {
  constructor(private readonly label: string) {}

  fail(field: string, problem: string): never {
    throw new ReachabilityInputError(`${this.label}: ${field} ${problem}`);
  }

  fields(value: unknown, field: string): Fields {
    if (!isFields(value)) this.fail(field, 'must be an object');
    return value;
  }

  optionalFields(value: unknown, field: string): Fields {
    return value === undefined || value === null
      ? {}
      : this.fields(value, field);
  }

  list(value: unknown, field: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(field, 'must be a list');
    return value;
  }

  text(value: unknown, field: string): string {
    if (typeof value !== 'string' || value === '')
      this.fail(field, 'must be a non-empty string');
    return value;
  }

  labels(value: unknown, field: string): Record<string, string> {
    const labels = this.optionalFields(value, field);
    for (const [key, labelValue] of Object.entries(labels)) {
      if (typeof labelValue !== 'string') {
        this.fail(
          `${field}.${key}`,
          `must be a string (got ${JSON.stringify(labelValue)})`,
        );
      }
    }
    return labels as Record<string, string>;
  }
}

function readNamespace(item: Fields, reader: ItemReader): ClusterNamespace {
  const metadata = reader.fields(item.metadata, 'metadata');
  return {
    name: reader.text(metadata.name, 'metadata.name'),
    labels: reader.labels(metadata.labels, 'metadata.labels'),
  };
}

function readContainerPorts(
  containers: unknown[],
  field: string,
  reader: ItemReader,
): ContainerPort[] {
  return containers.flatMap((container, i) => {
    const containerFields = reader.fields(container, `${field}[${i}]`);
    return reader
      .list(containerFields.ports, `${field}[${i}].ports`)
      .map((port, j) => {
        const portField = `${field}[${i}].ports[${j}]`;
        const portFields = reader.fields(port, portField);
        const number = portFields.containerPort;
        if (
          typeof number !== 'number' ||
          !Number.isInteger(number) ||
          number < 1 ||
          number > 65535
        ) {
          reader.fail(
            `${portField}.containerPort`,
            `must be a number between 1 and 65535 (got ${JSON.stringify(
              number,
            )})`,
          );
        }
        const protocol = portFields.protocol ?? 'TCP';
        if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') {
          reader.fail(
            `${portField}.protocol`,
            `must be TCP, UDP or SCTP (got ${JSON.stringify(protocol)})`,
          );
        }
        const name = portFields.name;
        if (name !== undefined && typeof name !== 'string') {
          reader.fail(`${portField}.name`, 'must be a string');
        }
        return { containerPort: number, protocol, ...(name ? { name } : {}) };
      });
  });
}

/** Undefined for pods that hold no pod-network endpoint (see README.md). */
function readPod(item: Fields, reader: ItemReader): ClusterPod | undefined {
  const metadata = reader.fields(item.metadata, 'metadata');
  const spec = reader.optionalFields(item.spec, 'spec');
  const status = reader.optionalFields(item.status, 'status');
  const name = reader.text(metadata.name, 'metadata.name');
  const namespace = reader.text(metadata.namespace, 'metadata.namespace');
  const labels = reader.labels(metadata.labels, 'metadata.labels');
  if (
    status.phase === 'Succeeded' ||
    status.phase === 'Failed' ||
    spec.hostNetwork === true
  ) {
    return undefined;
  }

  const podIPs = reader.list(status.podIPs, 'status.podIPs').map((entry, i) => {
    const ip = reader.fields(entry, `status.podIPs[${i}]`).ip;
    return reader.text(ip, `status.podIPs[${i}].ip`);
  });
  const ips =
    podIPs.length > 0 || status.podIP === undefined
      ? podIPs
      : [reader.text(status.podIP, 'status.podIP')];
  ips.forEach((ip, i) => {
    if (!parseIpAddress(ip)) {
      reader.fail(
        `status.podIPs[${i}].ip`,
        `must be an IPv4 or IPv6 address (got ${JSON.stringify(ip)})`,
      );
    }
  });

  // Sidecars (init containers that keep running) serve ports like any container.
  const sidecars = reader
    .list(spec.initContainers, 'spec.initContainers')
    .filter(
      container => isFields(container) && container.restartPolicy === 'Always',
    );
  const containerPorts = [
    ...readContainerPorts(
      reader.list(spec.containers, 'spec.containers'),
      'spec.containers',
      reader,
    ),
    ...readContainerPorts(sidecars, 'spec.initContainers', reader),
  ];
  const nodeName =
    typeof spec.nodeName === 'string' && spec.nodeName !== ''
      ? spec.nodeName
      : undefined;
  return {
    namespace,
    name,
    labels,
    ips,
    containerPorts,
    ...(nodeName ? { nodeName } : {}),
  };
}

/** A node's IP addresses; its Hostname and DNS entries are no addresses to match. */
function readNode(item: Fields, reader: ItemReader): ClusterNode {
  const metadata = reader.fields(item.metadata, 'metadata');
  const name = reader.text(metadata.name, 'metadata.name');
  const status = reader.optionalFields(item.status, 'status');
  const addresses = reader
    .list(status.addresses, 'status.addresses')
    .flatMap(entry => {
      const address = isFields(entry) ? entry.address : undefined;
      return typeof address === 'string' && parseIpAddress(address)
        ? [address]
        : [];
    });
  return { name, addresses };
}

function readNetworkPolicy(
  item: Fields,
  reader: ItemReader,
  label: string,
): NetworkPolicy {
  const metadata = reader.fields(item.metadata, 'metadata');
  const name = reader.text(metadata.name, 'metadata.name');
  const namespace = reader.text(metadata.namespace, 'metadata.namespace');
  const spec = reader.fields(item.spec, 'spec');
  const policy: NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name,
      namespace,
      labels: reader.labels(metadata.labels, 'metadata.labels'),
    },
    // compilePolicy below checks every field the model reads, with its path.
    spec: spec as unknown as NetworkPolicySpec,
  };
  try {
    compilePolicy(policy);
  } catch (error) {
    if (error instanceof ReachabilityInputError) {
      throw new ReachabilityInputError(
        `${label.replace(/ \(.*$/, '')}: ${error.message}`,
      );
    }
    throw error;
  }
  return policy;
}

const KINDS: Record<string, string> = {
  Namespace: 'v1',
  Pod: 'v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  Node: 'v1',
};

/** Reads a network-policy-api object, or counts an object of a vendor's kind. */
function readClusterScopedItem(
  snapshot: ClusterSnapshot,
  item: Fields,
  kind: (typeof CLUSTER_SCOPED_POLICY_KINDS)[number],
  index: number,
) {
  const clusterScoped = (snapshot.clusterScoped ??= {
    objects: [],
    counted: [],
  });
  if (!kind.read) {
    const counted = clusterScoped.counted.find(
      entry => entry.kind === kind.kind && entry.group === kind.group,
    );
    if (counted) counted.count += 1;
    else
      clusterScoped.counted.push({
        kind: kind.kind,
        group: kind.group,
        count: 1,
      });
    return;
  }
  const object = item as unknown as NetworkPolicyApiObject;
  const name = isFields(item.metadata) ? item.metadata.name : undefined;
  if (typeof name !== 'string' || name === '' || !isFields(item.spec)) {
    throw new ReachabilityInputError(
      `items[${index}] (${kind.kind}): metadata.name and spec must be set`,
    );
  }
  try {
    compileClusterScopedPolicy(object);
  } catch (error) {
    if (error instanceof ReachabilityInputError) {
      throw new ReachabilityInputError(`items[${index}]: ${error.message}`);
    }
    throw error;
  }
  clusterScoped.objects.push({
    apiVersion: String(item.apiVersion),
    kind: object.kind,
    metadata: { name },
    spec: object.spec,
  });
}

/**
 * Reads the JSON that `kubectl get namespaces,pods,networkpolicies -A -o json` prints (a
 * `kind: List`, or a NamespaceList/PodList/NetworkPolicyList) into a snapshot. Add the
 * cluster-scoped network policy kinds to the command (`adminnetworkpolicies`,
 * `baselineadminnetworkpolicies`, `clusternetworkpolicies`, and the vendors' kinds) and
 * their objects are read (the network-policy-api's) or counted (Cilium's, Calico's), so
 * verdicts they may override become unknown. Add `nodes` and the nodes' addresses are
 * read, with each pod's `spec.nodeName`, for traffic between a pod and its own node.
 * Items of other kinds are skipped; pods that have finished (phase Succeeded or Failed)
 * or use the host network are left out, as they hold no pod-network endpoint.
 *
 * Throws a {@link ReachabilityInputError} whose message names the item index and field.
 * @public
 */
export function snapshotFromKubernetesList(list: unknown): ClusterSnapshot {
  if (!isFields(list) || !Array.isArray(list.items)) {
    throw new ReachabilityInputError(
      'expected a Kubernetes List with an items array, as printed by kubectl get namespaces,pods,networkpolicies -A -o json',
    );
  }
  // Lists straight from the API (a PodList, say) leave kind and apiVersion off their items.
  const listKind = typeof list.kind === 'string' ? list.kind : '';
  const itemKind =
    listKind !== 'List' && listKind.endsWith('List')
      ? listKind.slice(0, -4)
      : undefined;
  const snapshot: ClusterSnapshot = { namespaces: [], pods: [], policies: [] };
  list.items.forEach((item: unknown, index: number) => {
    if (!isFields(item)) {
      throw new ReachabilityInputError(`items[${index}] must be an object`);
    }
    const kind = item.kind ?? itemKind;
    const apiVersion =
      item.apiVersion ?? (itemKind ? list.apiVersion : undefined);
    if (typeof kind !== 'string' || kind === '') {
      throw new ReachabilityInputError(
        `items[${index}].kind must be set (Namespace, Pod or NetworkPolicy)`,
      );
    }
    const clusterScopedKind = CLUSTER_SCOPED_POLICY_KINDS.find(
      candidate =>
        candidate.kind === kind &&
        typeof apiVersion === 'string' &&
        apiVersion.startsWith(`${candidate.group}/`),
    );
    if (clusterScopedKind) {
      readClusterScopedItem(snapshot, item, clusterScopedKind, index);
      return;
    }
    if (!Object.hasOwn(KINDS, kind)) return;
    const metadata = isFields(item.metadata) ? item.metadata : {};
    const identity = [metadata.namespace, metadata.name]
      .filter(part => typeof part === 'string')
      .join('/');
    const label = `items[${index}] (${kind}${identity ? ` ${identity}` : ''})`;
    const reader = new ItemReader(label);
    if (apiVersion !== KINDS[kind]) {
      reader.fail(
        'apiVersion',
        `must be ${KINDS[kind]} (got ${JSON.stringify(apiVersion)})`,
      );
    }
    if (kind === 'Namespace')
      snapshot.namespaces.push(readNamespace(item, reader));
    if (kind === 'Pod') {
      const pod = readPod(item, reader);
      if (pod) snapshot.pods.push(pod);
    }
    if (kind === 'NetworkPolicy')
      snapshot.policies.push(readNetworkPolicy(item, reader, label));
    if (kind === 'Node') (snapshot.nodes ??= []).push(readNode(item, reader));
  });
  return snapshot;
}
