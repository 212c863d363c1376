/**
 * Whether a write came from a person at a client (`manual`), from a program acting on its
 * own (`controller`), or cannot be told (`unknown`). See `writerKindOf` for the rule.
 * @public
 */
export type WriterKind = 'manual' | 'controller' | 'unknown';

/**
 * One managedFields entry of a live object, reduced to what attribution needs: who wrote,
 * how, when, and which fields the entry owns, at most three levels deep, each as its
 * path's names (`["spec", "ingress"]`, `["metadata", "labels", "team"]`). The whole field
 * set is not kept: a fleet holds many objects, and NetworkPolicy's spec fields are atomic
 * below the second level, while labels and annotations are owned key by key at the third.
 * @public
 */
export interface FieldWriter {
  /** The field manager, e.g. `kubectl-edit`. */
  manager: string;
  /** `Update` or `Apply`. */
  operation: string;
  /** When the manager last wrote (ISO 8601), as the API server recorded it. */
  time?: string;
  /** The fields this manager owns, at most three levels deep, e.g. `["spec", "podSelector"]`. */
  fields: string[][];
}

/**
 * What the cluster says about who or what changed a policy that left `in-sync`. Never
 * guessed: when the cluster does not say, `writer` is `unknown` and `reason` says why.
 * @public
 */
export interface DriftAttribution {
  writer: WriterKind;
  /** The field manager that owns the changed fields and wrote last. */
  manager?: string;
  /** Its operation: `Update` or `Apply`. */
  operation?: string;
  /** When it wrote (ISO 8601). */
  time?: string;
  /** The live object's `metadata.generation` when the drift was seen. */
  generation?: number;
  /** For `unknown`: why the cluster could not tell. */
  reason?: string;
}
