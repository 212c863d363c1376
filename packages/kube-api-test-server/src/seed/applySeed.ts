import { KubeApiError } from '../api/status';
import { KubeObject, cloneJson } from '../api/types';
import { namespaceResource } from '../resources/namespaceResource';
import { ResourceService, WriteContext } from '../server/ResourceService';

const seedManager = 'kube-api-test-server-seed';

const runtimeMetadata = [
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'generation',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];

/**
 * Creates seed objects through the same validation as any client, namespaces first. Runtime
 * metadata is dropped (the server assigns its own), namespaces that namespaced objects need
 * are created when the seed lacks them, and a seeded status (a Running pod) is kept, as if a
 * kubelet had reported it.
 */
export async function applySeed(
  service: ResourceService,
  objects: KubeObject[],
): Promise<void> {
  const context: WriteContext = {
    user: {
      username: 'system:kube-api-test-server',
      groups: ['system:masters'],
    },
    dryRun: false,
    fieldManager: seedManager,
    fieldValidation: 'Strict',
    warnings: [],
  };
  const ordered = [
    ...objects.filter(o => o.kind === 'Namespace'),
    ...objects.filter(o => o.kind !== 'Namespace'),
  ];
  for (const original of ordered) {
    const object = cloneJson(original);
    const definition = service.registry.findByKind(
      object.apiVersion ?? '',
      object.kind ?? '',
    );
    const label = `${object.kind} ${
      object.metadata.namespace ? `${object.metadata.namespace}/` : ''
    }${object.metadata.name}`;
    if (!definition) {
      throw new Error(
        `seed: ${label}: ${object.apiVersion} ${object.kind} is not served by this server`,
      );
    }
    for (const field of runtimeMetadata) delete object.metadata[field];
    const namespace = definition.namespaced
      ? object.metadata.namespace ?? 'default'
      : undefined;
    if (
      namespace &&
      !service.store.get(namespaceResource, undefined, namespace)
    ) {
      await service.create(
        namespaceResource,
        undefined,
        { metadata: { name: namespace } },
        context,
      );
    }
    try {
      const existing = service.store.get(
        definition,
        namespace,
        object.metadata.name ?? '',
      );
      const created = existing
        ? await service.update(
            definition,
            namespace,
            object.metadata.name ?? '',
            object as never,
            context,
          )
        : await service.create(definition, namespace, object as never, context);
      if (object.status !== undefined && definition !== namespaceResource) {
        service.store.update(definition, { ...created, status: object.status });
      }
    } catch (error) {
      if (error instanceof KubeApiError) {
        throw new Error(`seed: ${label} was refused: ${error.message}`);
      }
      throw error;
    }
  }
}
