import { FieldError } from '../api/fieldErrors';
import { ResourceIdentity } from '../api/status';
import { KubeObject } from '../api/types';
import { ObjectSchema } from '../schema/FieldSchema';

/** A column of `kubectl get`'s server-side table. */
export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'date';
  format?: 'name' | '';
  description: string;
  priority?: number;
  cell: (object: KubeObject, now: Date) => string | number;
}

/**
 * Everything the generic store and HTTP layer need to serve one kind, in the spirit of
 * a genericregistry.Store plus its RESTCreateStrategy/RESTUpdateStrategy.
 */
export interface ResourceDefinition extends ResourceIdentity {
  version: string;
  /** `networkpolicy` */
  singularName: string;
  /** `NetworkPolicyList` */
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  categories?: string[];
  verbs: string[];
  /** The Go type as the typed decoder sees it: decides pruning, omitempty and patch strategy. */
  schema: ObjectSchema;
  /** Whether metadata.generation is kept and bumped when the spec changes. */
  tracksGeneration: boolean;
  /** Whether DELETE answers with the deleted object (true) or a Status (false, the default store). */
  returnDeletedObject: boolean;
  /** Fields a fieldSelector may name beyond metadata.name and metadata.namespace. */
  selectableFields?: Record<string, (object: KubeObject) => string>;
  /** Scheme defaulting (SetDefaults_*), applied whenever an object is decoded. */
  applyDefaults?: (object: KubeObject) => void;
  /** PrepareForCreate: clears what clients may not set, such as status. */
  prepareForCreate?: (object: KubeObject) => void;
  /** PrepareForUpdate: keeps what clients may not change through the main resource. */
  prepareForUpdate?: (object: KubeObject, old: KubeObject) => void;
  validateName: (name: string) => string[];
  /**
   * Validation of the kind's own fields (metadata is validated generically); on an update
   * it also receives the old object, for fields whose rules grandfather old values.
   */
  validate?: (object: KubeObject, old?: KubeObject) => FieldError[];
  validateUpdate?: (object: KubeObject, old: KubeObject) => FieldError[];
  /** Columns of the server-side table `kubectl get` prints (Name and Age are added around them). */
  tableColumns: TableColumn[];
}

/** `networking.k8s.io/v1`, or `v1` for the core group. */
export function groupVersion(definition: {
  group: string;
  version: string;
}): string {
  return definition.group
    ? `${definition.group}/${definition.version}`
    : definition.version;
}
