import { apiErrors } from '../api/status';
import { KubeObject, cloneJson } from '../api/types';
import {
  ResourceDefinition,
  groupVersion,
} from '../resources/ResourceDefinition';

/** The change a write made, as a watch reports it. */
export type StoredEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One write in the store's history. */
export interface StoredEvent {
  revision: number;
  type: StoredEventType;
  resource: ResourceDefinition;
  /** The object after the write; for DELETED, its last state stamped with the deletion's revision. */
  object: KubeObject;
  /** The object before the write (MODIFIED and DELETED). */
  previous?: KubeObject;
}

/** Thrown when a revision is older than the kept history, which the HTTP layer answers with 410. */
export class RevisionCompactedError extends Error {
  constructor(readonly requested: number, readonly oldest: number) {
    super(`too old resource version: ${requested} (${oldest})`);
    this.name = 'RevisionCompactedError';
  }
}

function resourceKey(resource: ResourceDefinition): string {
  return `${groupVersion(resource)}/${resource.resource}`;
}

// etcd orders keys bytewise, which for these ASCII keys is plain string order.
function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** The key etcd would store an object under, which decides list order. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/**
 * An in-memory stand-in for etcd behind the API server: one global revision counter that
 * every write bumps (it becomes the object's resourceVersion), and a bounded history of
 * writes from which watches resume and old list snapshots are rebuilt.
 */
export class ObjectStore {
  private currentRevision: number;
  private compacted: number;
  private readonly collections = new Map<string, Map<string, KubeObject>>();
  private history: StoredEvent[] = [];
  private readonly listeners = new Set<(event: StoredEvent) => void>();

  constructor(private readonly historyLimit: number, initialRevision = 1) {
    this.currentRevision = initialRevision;
    this.compacted = initialRevision;
  }

  /** The revision of the latest write. */
  get revision(): number {
    return this.currentRevision;
  }

  /** The oldest revision a watch or a continued list can still start from. */
  get oldestRevision(): number {
    return this.compacted;
  }

  private collection(resource: ResourceDefinition): Map<string, KubeObject> {
    const key = resourceKey(resource);
    let collection = this.collections.get(key);
    if (!collection) {
      collection = new Map();
      this.collections.set(key, collection);
    }
    return collection;
  }

  get(
    resource: ResourceDefinition,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const object = this.collection(resource).get(objectKey(namespace, name));
    return object ? cloneJson(object) : undefined;
  }

  /** Current objects, in key order, optionally of one namespace. */
  list(resource: ResourceDefinition, namespace?: string): KubeObject[] {
    return this.sorted(this.collection(resource), namespace).map(o =>
      cloneJson(o),
    );
  }

  /** Objects as they were at `revision`, rebuilt from history (410 when compacted past it). */
  listAt(
    resource: ResourceDefinition,
    revision: number,
    namespace?: string,
  ): KubeObject[] {
    if (revision >= this.currentRevision) return this.list(resource, namespace);
    if (revision < this.compacted) {
      throw new RevisionCompactedError(revision, this.compacted);
    }
    const snapshot = new Map(this.collection(resource));
    const key = resourceKey(resource);
    for (let i = this.history.length - 1; i >= 0; i--) {
      const event = this.history[i];
      if (event.revision <= revision) break;
      if (resourceKey(event.resource) !== key) continue;
      const id = objectKey(
        event.object.metadata.namespace,
        event.object.metadata.name ?? '',
      );
      if (event.type === 'ADDED') snapshot.delete(id);
      else if (event.previous) snapshot.set(id, event.previous);
    }
    return this.sorted(snapshot, namespace).map(o => cloneJson(o));
  }

  private sorted(
    collection: Map<string, KubeObject>,
    namespace?: string,
  ): KubeObject[] {
    return [...collection.entries()]
      .filter(
        ([, o]) =>
          namespace === undefined || o.metadata.namespace === namespace,
      )
      .sort(([a], [b]) => compareKeys(a, b))
      .map(([, o]) => o);
  }

  /** Stores a new object, stamping its resourceVersion. */
  create(resource: ResourceDefinition, object: KubeObject): KubeObject {
    const collection = this.collection(resource);
    const id = objectKey(object.metadata.namespace, object.metadata.name ?? '');
    if (collection.has(id)) {
      throw apiErrors.alreadyExists(resource, object.metadata.name ?? '');
    }
    const stored = this.stamp(object);
    collection.set(id, stored);
    this.record({ type: 'ADDED', resource, object: stored });
    return cloneJson(stored);
  }

  /** Replaces an existing object, stamping a new resourceVersion. */
  update(resource: ResourceDefinition, object: KubeObject): KubeObject {
    const collection = this.collection(resource);
    const id = objectKey(object.metadata.namespace, object.metadata.name ?? '');
    const previous = collection.get(id);
    if (!previous)
      throw apiErrors.notFound(resource, object.metadata.name ?? '');
    const stored = this.stamp(object);
    collection.set(id, stored);
    this.record({ type: 'MODIFIED', resource, object: stored, previous });
    return cloneJson(stored);
  }

  /**
   * Removes an object; returns its last state. `finalState` is that state when the
   * write that deletes it also changes it (an update that removes the last finalizer).
   */
  delete(
    resource: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    finalState?: KubeObject,
  ): KubeObject {
    const collection = this.collection(resource);
    const id = objectKey(namespace, name);
    const previous = collection.get(id);
    if (!previous) throw apiErrors.notFound(resource, name);
    collection.delete(id);
    this.currentRevision++;
    const tombstone = cloneJson(finalState ?? previous);
    tombstone.metadata.resourceVersion = String(this.currentRevision);
    this.record({ type: 'DELETED', resource, object: tombstone, previous });
    return cloneJson(finalState ?? previous);
  }

  /** Forgets all history, so that any older revision is answered with 410 Gone. */
  compact(): void {
    this.history = [];
    this.compacted = this.currentRevision;
  }

  /** Writes after `revision`, in order (410 when compacted past it). */
  eventsSince(revision: number): StoredEvent[] {
    if (revision < this.compacted) {
      throw new RevisionCompactedError(revision, this.compacted);
    }
    const start = this.history.findIndex(e => e.revision > revision);
    return start < 0 ? [] : this.history.slice(start);
  }

  /** Calls `listener` synchronously after every write; returns the unsubscribe function. */
  subscribe(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private stamp(object: KubeObject): KubeObject {
    this.currentRevision++;
    const stored = cloneJson(object);
    stored.metadata.resourceVersion = String(this.currentRevision);
    return stored;
  }

  private record(event: Omit<StoredEvent, 'revision'>): void {
    const stored: StoredEvent = { ...event, revision: this.currentRevision };
    this.history.push(stored);
    while (this.history.length > this.historyLimit) {
      const dropped = this.history.shift();
      if (dropped) this.compacted = dropped.revision;
    }
    for (const listener of [...this.listeners]) listener(stored);
  }
}
