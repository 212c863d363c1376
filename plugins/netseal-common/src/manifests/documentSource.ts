import { ParsedDocument } from './ParsedManifestFile';
import { SourceDocument } from './SourceNode';
import { sourceTreeOfYaml } from './sourceTreeOfYaml';

/**
 * Where a document the fast reader read keeps its source tree: a property of the document
 * itself, not a WeakMap entry (ten thousand of those per run made garbage collection cost
 * more than the reading).
 */
const FAST_SOURCE = Symbol('netseal.fastSource');

interface WithFastSource {
  [FAST_SOURCE]?: SourceDocument;
}

/** Records the source tree the fast reader made of a document. */
export function rememberFastSource(
  document: ParsedDocument,
  source: SourceDocument,
): void {
  Object.defineProperty(document, FAST_SOURCE, { value: source });
}

function fastSourceOf(document: ParsedDocument): SourceDocument | undefined {
  return (document as WithFastSource)[FAST_SOURCE];
}

/**
 * The source tree of a parsed document: the fast reader's when it read the file, else the
 * `yaml` library's Document converted.
 */
export function sourceOfDocument(document: ParsedDocument): SourceDocument {
  return fastSourceOf(document) ?? sourceTreeOfYaml(document.yaml);
}

/** Whether the document's source tree came from the fast reader, whose offsets may be uncertain. */
export function isFastSource(document: ParsedDocument): boolean {
  return fastSourceOf(document) !== undefined;
}
