import * as k8s from '@kubernetes/client-node';
import type {
  ContainerPort,
  NetworkPolicy,
  NetworkPolicyProtocol,
} from '@netseal/backstage-plugin-netseal-common';
import { LiveNamespace, LivePod } from './LiveView';

/** A Kubernetes object as JSON: the API server's own field names, nothing deserialized. */
export type JsonObject = { [key: string]: unknown };

/** What the informer caches: the slimmed JSON of one object. */
export type CachedObject = k8s.KubernetesObject & JsonObject;

function record(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function stringMap(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(record(value) ?? {})) {
    if (typeof entry === 'string') result[key] = entry;
  }
  return result;
}

/** The identity fields every kind keeps, without `undefined` entries. */
function identity(metadata: JsonObject | undefined): JsonObject {
  const kept: JsonObject = {};
  for (const field of ['name', 'namespace', 'uid', 'resourceVersion']) {
    if (metadata?.[field] !== undefined) kept[field] = metadata[field];
  }
  kept.labels = stringMap(metadata?.labels);
  return kept;
}

/**
 * A NetworkPolicy as listed or watched, with kind and apiVersion (list items lack them)
 * and without managedFields, the API server's write bookkeeping that the canonical form
 * drops anyway and that can be larger than the policy itself.
 */
export function slimNetworkPolicy(raw: JsonObject): CachedObject {
  const { managedFields: _dropped, ...metadata } = record(raw.metadata) ?? {};
  return {
    ...raw,
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata,
  };
}

/**
 * A pod reduced to what policies select and match on: labels, addresses and container
 * ports. Whole pods are large and a fleet has many; the view keeps only this.
 */
export function slimPod(raw: JsonObject): CachedObject {
  const spec = record(raw.spec);
  const status = record(raw.status);
  const containers = list(spec?.containers).map(container => {
    const c = record(container);
    return { name: c?.name, ports: list(c?.ports) };
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: identity(record(raw.metadata)),
    spec: { nodeName: spec?.nodeName, containers },
    status: {
      phase: status?.phase,
      podIP: status?.podIP,
      podIPs: status?.podIPs,
    },
  };
}

/** A namespace reduced to its identity, labels and phase. */
export function slimNamespace(raw: JsonObject): CachedObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: identity(record(raw.metadata)),
    status: { phase: record(raw.status)?.phase },
  };
}

const protocols: readonly string[] = ['TCP', 'UDP', 'SCTP'];

function containerPorts(spec: JsonObject | undefined): ContainerPort[] {
  const ports: ContainerPort[] = [];
  for (const container of list(spec?.containers)) {
    for (const port of list(record(container)?.ports)) {
      const p = record(port);
      if (typeof p?.containerPort !== 'number') continue;
      const protocol = text(p.protocol);
      ports.push({
        containerPort: p.containerPort,
        ...(text(p.name) ? { name: text(p.name) } : {}),
        ...(protocol && protocols.includes(protocol)
          ? { protocol: protocol as NetworkPolicyProtocol }
          : {}),
      });
    }
  }
  return ports;
}

function podIps(status: JsonObject | undefined): string[] {
  const ips = list(status?.podIPs)
    .map(entry => text(record(entry)?.ip))
    .filter((ip): ip is string => !!ip);
  if (ips.length > 0) return ips;
  const single = text(status?.podIP);
  return single ? [single] : [];
}

export function toNetworkPolicy(object: CachedObject): NetworkPolicy {
  // The API server's JSON is the type's own shape; the cache holds it unchanged.
  return object as unknown as NetworkPolicy;
}

export function toLivePod(object: CachedObject): LivePod {
  const metadata = record(object.metadata);
  const spec = record(object.spec);
  const status = record(object.status);
  return {
    namespace: text(metadata?.namespace) ?? '',
    name: text(metadata?.name) ?? '',
    labels: stringMap(metadata?.labels),
    ips: podIps(status),
    containerPorts: containerPorts(spec),
    uid: text(metadata?.uid),
    resourceVersion: text(metadata?.resourceVersion),
    phase: text(status?.phase),
    nodeName: text(spec?.nodeName),
  };
}

export function toLiveNamespace(object: CachedObject): LiveNamespace {
  const metadata = record(object.metadata);
  const name = text(metadata?.name) ?? '';
  return {
    name,
    // The API server sets this label on every namespace; older ones may lack it.
    labels: {
      'kubernetes.io/metadata.name': name,
      ...stringMap(metadata?.labels),
    },
    uid: text(metadata?.uid),
    resourceVersion: text(metadata?.resourceVersion),
    phase: text(record(object.status)?.phase),
  };
}
