import type {
  ContainerPort,
  NetworkPolicy,
  NetworkPolicyProtocol,
} from '@netseal/backstage-plugin-netseal-common';
import {
  computeSeal,
  fieldWritersOf,
} from '@netseal/backstage-plugin-netseal-common';
import type { FieldWriter } from '@netseal/backstage-plugin-netseal-common';
import type { LiveNamespace, LivePod, LivePolicy } from './LiveView';

/** A Kubernetes object as JSON: the API server's own field names, nothing deserialized. */
export type JsonObject = { [key: string]: unknown };

/**
 * What the informers cache of one object. client-node's ListWatch keys its cache by
 * `metadata.namespace` and `metadata.name` and compares `metadata.resourceVersion`;
 * each cached entry answers `metadata` with itself rather than carrying another object,
 * since a fleet caches hundreds of thousands of them.
 */
export interface CachedObject {
  /** Set by watchers that keep whole identities (the guard's objects); live objects omit them. */
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: {
    readonly namespace?: string;
    readonly name?: string;
    readonly resourceVersion?: string;
  };
}

/**
 * The same text as one flat string. A seal is built by concatenation, which V8 keeps as a
 * chain of pieces (about 900 bytes for 71 characters); kept for a live object's life,
 * the flat copy takes a tenth of that.
 */
export function flatString(pieces: string): string {
  return JSON.parse(JSON.stringify(pieces));
}

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

/**
 * A live NetworkPolicy as the live view keeps it: its identity, and the object as the
 * API server sent it, without managedFields, as JSON text. Text costs a byte per
 * character, a few times less than the same object as JavaScript objects; the live
 * digest is computed once, when first asked, and a check parses the object only when it
 * needs more than the digest.
 */
export class CachedPolicy implements LivePolicy, CachedObject {
  #digest: string | undefined;

  constructor(
    readonly namespace: string,
    readonly name: string,
    readonly resourceVersion: string | undefined,
    readonly json: string,
    /** Its managedFields as `fieldWritersOf` reduces them, as JSON text; absent when none. */
    readonly writersJson?: string,
  ) {}

  get metadata(): CachedPolicy {
    return this;
  }

  writers(): FieldWriter[] {
    return this.writersJson ? JSON.parse(this.writersJson) : [];
  }

  get digest(): string {
    this.#digest ??= flatString(computeSeal(this.object()));
    return this.#digest;
  }

  object(): NetworkPolicy {
    return JSON.parse(this.json);
  }
}

/**
 * A pod reduced to what policies select and match on: labels, addresses and container
 * ports, with its phase and node. Whole pods are large and a fleet has many.
 */
export class CachedPod implements LivePod, CachedObject {
  constructor(
    readonly namespace: string,
    readonly name: string,
    readonly labels: Record<string, string>,
    readonly ips: string[],
    readonly containerPorts: ContainerPort[],
    readonly uid?: string,
    readonly resourceVersion?: string,
    readonly phase?: string,
    readonly nodeName?: string,
  ) {}

  get metadata(): CachedPod {
    return this;
  }
}

/** A namespace reduced to its identity, labels and phase. */
export class CachedNamespace implements LiveNamespace, CachedObject {
  readonly namespace = undefined;

  constructor(
    readonly name: string,
    readonly labels: Record<string, string>,
    readonly uid?: string,
    readonly resourceVersion?: string,
    readonly phase?: string,
  ) {}

  get metadata(): CachedNamespace {
    return this;
  }
}

/**
 * A NetworkPolicy as listed or watched, with kind and apiVersion (list items lack them)
 * and without managedFields, the API server's write bookkeeping that the canonical form
 * drops anyway and that can be larger than the policy itself. Of managedFields only what
 * attribution reads is kept: each manager, operation, time and its fields two levels deep.
 */
export function slimNetworkPolicy(raw: JsonObject): CachedPolicy {
  const { managedFields, ...metadata } = record(raw.metadata) ?? {};
  const writers = fieldWritersOf(managedFields);
  const object = {
    ...raw,
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata,
  };
  return new CachedPolicy(
    text(metadata.namespace) ?? '',
    text(metadata.name) ?? '',
    text(metadata.resourceVersion),
    JSON.stringify(object),
    writers.length > 0 ? JSON.stringify(writers) : undefined,
  );
}

const protocols: readonly string[] = ['TCP', 'UDP', 'SCTP'];

function containerPortsOf(spec: JsonObject | undefined): ContainerPort[] {
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

export function slimPod(raw: JsonObject): CachedPod {
  const metadata = record(raw.metadata);
  const spec = record(raw.spec);
  const status = record(raw.status);
  return new CachedPod(
    text(metadata?.namespace) ?? '',
    text(metadata?.name) ?? '',
    stringMap(metadata?.labels),
    podIps(status),
    containerPortsOf(spec),
    text(metadata?.uid),
    text(metadata?.resourceVersion),
    text(status?.phase),
    text(spec?.nodeName),
  );
}

export function slimNamespace(raw: JsonObject): CachedNamespace {
  const metadata = record(raw.metadata);
  const name = text(metadata?.name) ?? '';
  return new CachedNamespace(
    name,
    // The API server sets this label on every namespace; older ones may lack it.
    { 'kubernetes.io/metadata.name': name, ...stringMap(metadata?.labels) },
    text(metadata?.uid),
    text(metadata?.resourceVersion),
    text(record(raw.status)?.phase),
  );
}
