import { randomBytes, randomUUID } from 'node:crypto';
import { FieldError } from '../api/fieldErrors';
import {
  KubeApiError,
  StatusReason,
  apiErrors,
  successStatus,
} from '../api/status';
import {
  JsonValue,
  KubeObject,
  UserInfo,
  cloneJson,
  isJsonObject,
} from '../api/types';
import { namespaceResource } from '../resources/namespaceResource';
import {
  ResourceDefinition,
  groupVersion,
} from '../resources/ResourceDefinition';
import { ResourceRegistry } from '../resources/ResourceRegistry';
import { decodeObject } from '../schema/decodeObject';
import {
  FieldMatcher,
  metadataFields,
  parseFieldSelector,
} from '../selectors/parseFieldSelector';
import {
  LabelMatcher,
  parseLabelSelector,
} from '../selectors/parseLabelSelector';
import { updateManagedFields } from '../store/managedFields';
import {
  ObjectStore,
  RevisionCompactedError,
  objectKey,
} from '../store/ObjectStore';
import { validateObjectMeta } from '../validation/validateObjectMeta';
import { ValidatingAdmissionPolicyEvaluator } from '../policy/ValidatingAdmissionPolicyEvaluator';
import { AdmissionAttributes, AdmissionHook } from './admission';
import { decodeContinueToken, encodeContinueToken } from './continueToken';

/** Who writes, and how, for one mutating request. */
export interface WriteContext {
  user: UserInfo;
  dryRun: boolean;
  fieldManager: string;
  fieldValidation: 'Strict' | 'Warn' | 'Ignore';
  /** Filled with the Warning headers the response should carry. */
  warnings: string[];
}

/** The query of a list or watch. */
export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continueToken?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

/** One page of a list. */
export interface ListPage {
  items: KubeObject[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

/** The body of a DELETE. */
export interface DeleteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** The namespaces a cluster is born with, which can never be deleted. */
export const immortalNamespaces = ['default', 'kube-system', 'kube-public'];

function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...randomBytes(5)].map(b => alphabet[b % alphabet.length]).join('');
}

/** A copy with kind and apiVersion first, as single objects are served. */
export function withTypeMeta(
  definition: ResourceDefinition,
  object: KubeObject,
): KubeObject {
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = object;
  return {
    kind: definition.kind,
    apiVersion: groupVersion(definition),
    ...rest,
  } as KubeObject;
}

/** A copy without kind and apiVersion, as list items are served. */
export function withoutTypeMeta(object: KubeObject): KubeObject {
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = object;
  return rest as KubeObject;
}

function comparable(object: KubeObject): string {
  const copy = cloneJson(object);
  delete copy.metadata.resourceVersion;
  delete copy.metadata.managedFields;
  delete copy.kind;
  delete copy.apiVersion;
  return JSON.stringify(copy);
}

/** How often a terminating namespace looks again at content that finalizers hold. */
const namespaceRecheckMs = 100;

function hasFinalizers(object: KubeObject): boolean {
  return (
    Array.isArray(object.metadata.finalizers) &&
    object.metadata.finalizers.length > 0
  );
}

/** Parses a resourceVersion parameter; a non-number is a 400. */
export function parseResourceVersion(value: string): number {
  if (!/^\d+$/.test(value)) {
    throw apiErrors.badRequest(
      `resourceVersion: Invalid value: "${value}": must be a non-negative integer`,
    );
  }
  return Number(value);
}

/**
 * The verbs of the generic registry store: get, list, create, update, delete, with the
 * strategy hooks of each kind, the NamespaceLifecycle rules and an optional admission hook.
 */
export class ResourceService {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly store: ObjectStore,
    readonly registry: ResourceRegistry,
    private readonly options: {
      admission?: AdmissionHook;
      /** Evaluates the stored ValidatingAdmissionPolicies and their bindings. */
      policies?: ValidatingAdmissionPolicyEvaluator;
      namespaceTerminationDelayMs: number;
      clock: () => Date;
    },
  ) {}

  get(
    definition: ResourceDefinition,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const object = this.store.get(definition, namespace, name);
    if (!object) throw apiErrors.notFound(definition, name);
    return object;
  }

  matchers(
    definition: ResourceDefinition,
    options: ListOptions,
  ): { labels: LabelMatcher; fields: FieldMatcher } {
    return {
      labels: parseLabelSelector(options.labelSelector),
      fields: parseFieldSelector(options.fieldSelector, {
        ...metadataFields,
        ...(definition.selectableFields ?? {}),
      }),
    };
  }

  list(
    definition: ResourceDefinition,
    namespace: string | undefined,
    options: ListOptions,
  ): ListPage {
    const { labels, fields } = this.matchers(definition, options);
    let revision = this.store.revision;
    let startKey = '';
    let all: KubeObject[];
    if (options.continueToken) {
      if (options.resourceVersion) {
        throw apiErrors.badRequest(
          'specifying resource version is not allowed when using continue',
        );
      }
      const position = decodeContinueToken(options.continueToken);
      revision = position.revision;
      startKey = position.startKey;
      try {
        all = this.store.listAt(definition, revision, namespace);
      } catch (error) {
        if (error instanceof RevisionCompactedError) {
          throw apiErrors.expired(
            'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
          );
        }
        throw error;
      }
    } else if (options.resourceVersion && options.resourceVersion !== '0') {
      const requested = parseResourceVersion(options.resourceVersion);
      if (options.resourceVersionMatch === 'Exact') {
        try {
          all = this.store.listAt(definition, requested, namespace);
          revision = requested;
        } catch (error) {
          if (error instanceof RevisionCompactedError) {
            throw apiErrors.expired(
              'The resourceVersion for the provided list is too old.',
            );
          }
          throw error;
        }
      } else {
        if (requested > this.store.revision) {
          throw apiErrors.tooLargeResourceVersion(
            requested,
            this.store.revision,
          );
        }
        all = this.store.list(definition, namespace);
      }
    } else {
      all = this.store.list(definition, namespace);
    }

    const keyed = all
      .map(object => ({
        key: objectKey(object.metadata.namespace, object.metadata.name ?? ''),
        object,
      }))
      .filter(entry => entry.key >= startKey);
    const filtered = keyed.filter(
      e => labels(e.object.metadata.labels) && fields(e.object),
    );
    const limit =
      options.limit && options.limit > 0 ? options.limit : undefined;
    if (!limit || filtered.length <= limit) {
      return {
        items: filtered.map(e => e.object),
        resourceVersion: String(revision),
      };
    }
    const page = filtered.slice(0, limit);
    const last = page[page.length - 1];
    const unfiltered = !options.labelSelector && !options.fieldSelector;
    return {
      items: page.map(e => e.object),
      resourceVersion: String(revision),
      continueToken: encodeContinueToken(revision, last.key),
      ...(unfiltered ? { remainingItemCount: filtered.length - limit } : {}),
    };
  }

  /** Decodes and defaults a request body as the typed decoder would. */
  private decode(
    definition: ResourceDefinition,
    body: JsonValue,
    namespace: string | undefined,
    context: WriteContext,
  ): KubeObject {
    if (!isJsonObject(body)) {
      throw apiErrors.badRequest(
        `${definition.kind} in version "${definition.version}" cannot be handled as a ${definition.kind}: the body must be a JSON object`,
      );
    }
    const expectedApiVersion = groupVersion(definition);
    if (
      (body.kind !== undefined && body.kind !== definition.kind) ||
      (body.apiVersion !== undefined && body.apiVersion !== expectedApiVersion)
    ) {
      throw apiErrors.badRequest(
        `the object provided is unrecognized (must be of type ${
          definition.kind
        }): ${String(body.kind)} ${String(body.apiVersion)}`,
      );
    }
    const decoded = decodeObject(body, definition.schema);
    if (decoded.typeErrors.length > 0) {
      throw apiErrors.badRequest(
        `${definition.kind} in version "${definition.version}" cannot be handled as a ${definition.kind}: ${decoded.typeErrors[0]}`,
      );
    }
    if (
      decoded.unknownFields.length > 0 &&
      context.fieldValidation !== 'Ignore'
    ) {
      const messages = decoded.unknownFields.map(f => `unknown field "${f}"`);
      if (context.fieldValidation === 'Strict') {
        throw apiErrors.badRequest(
          `strict decoding error: ${messages.join(', ')}`,
        );
      }
      context.warnings.push(...messages);
    }
    const object = decoded.object as unknown as KubeObject;
    object.metadata ??= {};
    if (definition.namespaced) {
      if (
        object.metadata.namespace &&
        object.metadata.namespace !== namespace
      ) {
        throw apiErrors.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      object.metadata.namespace = namespace;
    }
    definition.applyDefaults?.(object);
    return object;
  }

  private validationErrors(
    definition: ResourceDefinition,
    object: KubeObject,
    old?: KubeObject,
  ): FieldError[] {
    return [
      ...validateObjectMeta(object.metadata, {
        namespaced: definition.namespaced,
        validateName: definition.validateName,
      }),
      ...(definition.validate?.(object, old) ?? []),
      ...(old && definition.validateUpdate
        ? definition.validateUpdate(object, old)
        : []),
    ];
  }

  private checkNamespace(
    definition: ResourceDefinition,
    namespace: string | undefined,
    name: string,
  ) {
    if (!definition.namespaced || !namespace) return;
    const ns = this.store.get(namespaceResource, undefined, namespace);
    if (!ns) throw apiErrors.namespaceNotFound(namespace);
    if (ns.metadata.deletionTimestamp) {
      throw new KubeApiError(
        403,
        'Forbidden',
        `${
          definition.group
            ? `${definition.resource}.${definition.group}`
            : definition.resource
        } "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
        {
          name,
          group: definition.group,
          kind: definition.resource,
          causes: [
            {
              reason: 'NamespaceTerminating',
              message: `namespace ${namespace} is being terminated`,
              field: 'metadata.namespace',
            },
          ],
        },
      );
    }
  }

  private async admit(
    definition: ResourceDefinition,
    operation: 'CREATE' | 'UPDATE' | 'DELETE',
    context: WriteContext,
    name: string,
    namespace: string | undefined,
    object?: KubeObject,
    oldObject?: KubeObject,
  ) {
    const attributes: AdmissionAttributes = {
      operation,
      object: object ? withTypeMeta(definition, cloneJson(object)) : undefined,
      oldObject: oldObject
        ? withTypeMeta(definition, cloneJson(oldObject))
        : undefined,
      userInfo: context.user,
      name,
      namespace,
      resource: {
        group: definition.group,
        version: definition.version,
        resource: definition.resource,
      },
      kind: {
        group: definition.group,
        version: definition.version,
        kind: definition.kind,
      },
      dryRun: context.dryRun,
    };
    // The ValidatingAdmissionPolicy plugin runs before validating webhooks, which the hook stands for.
    const decision = this.options.policies?.evaluate(attributes);
    if (decision) {
      context.warnings.push(...decision.warnings);
      if (decision.denial) throw decision.denial;
    }
    const hook = this.options.admission;
    if (!hook) return;
    const result = await hook(attributes);
    if (result.allowed) return;
    const code = result.code ?? 403;
    const qualified = definition.group
      ? `${definition.resource}.${definition.group}`
      : definition.resource;
    const wording: Record<number, { verb: string; reason: StatusReason }> = {
      403: { verb: 'is forbidden', reason: 'Forbidden' },
      422: { verb: 'is invalid', reason: 'Invalid' },
    };
    const { verb, reason } = wording[code] ?? {
      verb: 'was rejected',
      reason: 'BadRequest',
    };
    throw new KubeApiError(
      code,
      result.reason ?? reason,
      `${qualified} "${name}" ${verb}: ${result.message}`,
      { name, group: definition.group, kind: definition.resource },
    );
  }

  async create(
    definition: ResourceDefinition,
    namespace: string | undefined,
    body: JsonValue,
    context: WriteContext,
  ): Promise<KubeObject> {
    const object = this.decode(definition, body, namespace, context);
    if (object.metadata.resourceVersion) {
      throw apiErrors.badRequest(
        'resourceVersion should not be set on objects to be created',
      );
    }
    for (const field of [
      'uid',
      'generation',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'selfLink',
      'managedFields',
    ]) {
      delete object.metadata[field];
    }
    definition.prepareForCreate?.(object);
    if (!object.metadata.name && object.metadata.generateName) {
      object.metadata.name = `${object.metadata.generateName}${randomSuffix()}`;
    }
    const name = object.metadata.name ?? '';
    this.checkNamespace(definition, namespace, name);
    const errors = this.validationErrors(definition, object);
    if (errors.length > 0) throw apiErrors.invalid(definition, name, errors);
    object.metadata.uid = randomUUID();
    object.metadata.creationTimestamp = timestamp(this.options.clock());
    if (definition.tracksGeneration) object.metadata.generation = 1;
    updateManagedFields(
      object,
      undefined,
      context.fieldManager,
      groupVersion(definition),
      timestamp(this.options.clock()),
      definition.schema,
    );
    await this.admit(definition, 'CREATE', context, name, namespace, object);
    if (context.dryRun) {
      if (this.store.get(definition, namespace, name))
        throw apiErrors.alreadyExists(definition, name);
      return object;
    }
    return this.store.create(definition, object);
  }

  async update(
    definition: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    body: JsonValue,
    context: WriteContext,
  ): Promise<KubeObject> {
    const object = this.decode(definition, body, namespace, context);
    if (object.metadata.name !== name) {
      throw apiErrors.badRequest(
        `the name of the object (${
          object.metadata.name ?? ''
        }) does not match the name on the URL (${name})`,
      );
    }
    const old = this.get(definition, namespace, name);
    if (
      object.metadata.resourceVersion &&
      object.metadata.resourceVersion !== old.metadata.resourceVersion
    ) {
      throw apiErrors.conflict(
        definition,
        name,
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    }
    if (object.metadata.uid && object.metadata.uid !== old.metadata.uid) {
      throw apiErrors.conflict(
        definition,
        name,
        `Precondition failed: UID in precondition: ${object.metadata.uid}, UID in object meta: ${old.metadata.uid}`,
      );
    }
    object.metadata.uid = old.metadata.uid;
    object.metadata.creationTimestamp = old.metadata.creationTimestamp;
    object.metadata.resourceVersion = old.metadata.resourceVersion;
    for (const field of [
      'generation',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'managedFields',
    ]) {
      if (old.metadata[field] !== undefined)
        object.metadata[field] = old.metadata[field];
      else delete object.metadata[field];
    }
    definition.prepareForUpdate?.(object, old);
    const errors = this.validationErrors(definition, object, old);
    if (errors.length > 0) throw apiErrors.invalid(definition, name, errors);
    if (
      definition.tracksGeneration &&
      JSON.stringify(object.spec) !== JSON.stringify(old.spec)
    ) {
      object.metadata.generation = (old.metadata.generation ?? 0) + 1;
    }
    await this.admit(
      definition,
      'UPDATE',
      context,
      name,
      namespace,
      object,
      old,
    );
    // Like etcd behind the real server, a write that changes nothing is not a write.
    if (comparable(object) === comparable(old)) return old;
    updateManagedFields(
      object,
      old,
      context.fieldManager,
      groupVersion(definition),
      timestamp(this.options.clock()),
      definition.schema,
    );
    if (context.dryRun) return object;
    // An object waiting for its finalizers goes once the last one is removed.
    if (object.metadata.deletionTimestamp && !hasFinalizers(object)) {
      return this.store.delete(definition, namespace, name, object);
    }
    return this.store.update(definition, object);
  }

  async delete(
    definition: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions,
    context: WriteContext,
  ): Promise<KubeObject | ReturnType<typeof successStatus>> {
    const old = this.get(definition, namespace, name);
    const { uid, resourceVersion } = options.preconditions ?? {};
    if (uid && uid !== old.metadata.uid) {
      throw apiErrors.conflict(
        definition,
        name,
        `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${old.metadata.uid}`,
      );
    }
    if (resourceVersion && resourceVersion !== old.metadata.resourceVersion) {
      throw apiErrors.conflict(
        definition,
        name,
        `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`,
      );
    }
    if (definition === namespaceResource)
      return this.deleteNamespace(old, context);
    await this.admit(
      definition,
      'DELETE',
      context,
      name,
      namespace,
      undefined,
      old,
    );
    if (hasFinalizers(old)) {
      // Kept, marked for deletion, until its finalizers are removed.
      const marked = this.markForDeletion(definition, old);
      const unchanged = context.dryRun || !!old.metadata.deletionTimestamp;
      return withTypeMeta(
        definition,
        unchanged ? marked : this.store.update(definition, marked),
      );
    }
    if (context.dryRun) {
      return definition.returnDeletedObject
        ? withTypeMeta(definition, old)
        : successStatus(definition, name, old.metadata.uid ?? '');
    }
    const deleted = this.store.delete(definition, namespace, name);
    return definition.returnDeletedObject
      ? withTypeMeta(definition, deleted)
      : successStatus(definition, name, deleted.metadata.uid ?? '');
  }

  /**
   * Namespaces go through a Terminating phase: the DELETE marks the namespace, and after
   * `namespaceTerminationDelayMs` its content and then the namespace itself are removed,
   * each with its own DELETED event, as the namespace controller would.
   */
  private async deleteNamespace(
    old: KubeObject,
    context: WriteContext,
  ): Promise<KubeObject> {
    const name = old.metadata.name ?? '';
    if (immortalNamespaces.includes(name)) {
      throw apiErrors.forbidden(
        namespaceResource,
        name,
        'this namespace may not be deleted',
      );
    }
    if (old.metadata.deletionTimestamp) {
      throw apiErrors.conflict(
        namespaceResource,
        name,
        'The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.',
      );
    }
    await this.admit(
      namespaceResource,
      'DELETE',
      context,
      name,
      undefined,
      undefined,
      old,
    );
    const terminating = cloneJson(old);
    terminating.metadata.deletionTimestamp = timestamp(this.options.clock());
    terminating.metadata.deletionGracePeriodSeconds = 0;
    terminating.status = { phase: 'Terminating' };
    if (context.dryRun) return withTypeMeta(namespaceResource, terminating);
    const stored = this.store.update(namespaceResource, terminating);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.finalizeNamespace(name);
    }, this.options.namespaceTerminationDelayMs);
    this.timers.add(timer);
    return withTypeMeta(namespaceResource, stored);
  }

  /** The object as a DELETE leaves it while finalizers hold it (BeforeDelete). */
  private markForDeletion(
    definition: ResourceDefinition,
    object: KubeObject,
  ): KubeObject {
    if (object.metadata.deletionTimestamp) return object;
    const marked = cloneJson(object);
    marked.metadata.deletionTimestamp = timestamp(this.options.clock());
    marked.metadata.deletionGracePeriodSeconds = 0;
    if (definition.tracksGeneration) {
      marked.metadata.generation = (object.metadata.generation ?? 0) + 1;
    }
    return marked;
  }

  /**
   * What the namespace controller does, again until done: deletes the namespace's content
   * (objects with finalizers are marked and waited for), then the namespace.
   */
  private finalizeNamespace(name: string) {
    let waiting = false;
    for (const definition of this.registry.all()) {
      if (!definition.namespaced) continue;
      for (const object of this.store.list(definition, name)) {
        if (!hasFinalizers(object)) {
          this.store.delete(definition, name, object.metadata.name ?? '');
          continue;
        }
        waiting = true;
        if (!object.metadata.deletionTimestamp) {
          this.store.update(
            definition,
            this.markForDeletion(definition, object),
          );
        }
      }
    }
    if (waiting) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.finalizeNamespace(name);
      }, namespaceRecheckMs);
      this.timers.add(timer);
      return;
    }
    if (this.store.get(namespaceResource, undefined, name)) {
      this.store.delete(namespaceResource, undefined, name);
    }
  }

  async deleteCollection(
    definition: ResourceDefinition,
    namespace: string | undefined,
    options: ListOptions,
    context: WriteContext,
  ): Promise<KubeObject[]> {
    const page = this.list(definition, namespace, {
      ...options,
      limit: undefined,
      continueToken: undefined,
    });
    const deleted: KubeObject[] = [];
    for (const object of page.items) {
      await this.admit(
        definition,
        'DELETE',
        context,
        object.metadata.name ?? '',
        object.metadata.namespace,
        undefined,
        object,
      );
      if (!context.dryRun) {
        deleted.push(
          this.store.delete(
            definition,
            object.metadata.namespace,
            object.metadata.name ?? '',
          ),
        );
      } else deleted.push(object);
    }
    return deleted;
  }

  /** Stops pending namespace finalisation. */
  close() {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
