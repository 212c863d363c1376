import { KubeObject } from '../api/types';
import {
  ResourceDefinition,
  TableColumn,
} from '../resources/ResourceDefinition';
import { humanDuration } from '../resources/tableCells';

/** How much of each object a Table row carries (the includeObject parameter). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

const nameColumn: TableColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description:
    'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  cell: object => object.metadata.name ?? '',
};

const ageColumn: TableColumn = {
  name: 'Age',
  type: 'string',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
  cell: (object, now) =>
    object.metadata.creationTimestamp
      ? humanDuration(
          now.getTime() - Date.parse(object.metadata.creationTimestamp),
        )
      : '<unknown>',
};

function columns(definition: ResourceDefinition): TableColumn[] {
  // Name first and Age after the kind's own columns, as the printers in pkg/printers/internalversion do.
  const own = definition.tableColumns;
  const visible = own.filter(c => !c.priority);
  const wide = own.filter(c => c.priority);
  return [nameColumn, ...visible, ageColumn, ...wide];
}

/** A meta.k8s.io/v1 Table, which `kubectl get` prints as its columns. */
export function toTable(
  definition: ResourceDefinition,
  objects: KubeObject[],
  listMetadata: Record<string, string | number>,
  includeObject: IncludeObject,
  now: Date,
  withColumnDefinitions = true,
) {
  const defs = columns(definition);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMetadata,
    columnDefinitions: withColumnDefinitions
      ? defs.map(c => ({
          name: c.name,
          type: c.type,
          format: c.format ?? '',
          description: c.description,
          priority: c.priority ?? 0,
        }))
      : null,
    rows: objects.map(object => ({
      cells: defs.map(c => c.cell(object, now)),
      ...(includeObject === 'None'
        ? {}
        : {
            object:
              includeObject === 'Object'
                ? object
                : {
                    kind: 'PartialObjectMetadata',
                    apiVersion: 'meta.k8s.io/v1',
                    metadata: object.metadata,
                  },
          }),
    })),
  };
}
