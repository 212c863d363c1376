import { isFastSource, sourceOfDocument } from './documentSource';
import { MAX_MANIFEST_BYTES, MAX_MANIFEST_SIZE_TEXT } from './limits';
import { parseManifestText } from './parseManifestText';

/** One YAML document of a manifest file, as data. @public */
export interface ManifestDocument {
  /** 1-based position among the file's documents. */
  index: number;
  /** 1-based line where the document's content starts. */
  line: number;
  value: unknown;
}

/** The documents of a file, or why the file cannot be read at all. @public */
export type ManifestDocuments =
  | { documents: ManifestDocument[] }
  | { error: string; line?: number };

/**
 * Reads every document of a YAML (or JSON) manifest file as data, through
 * {@link parseManifestText}: the same reader, and the same limits, as the CLI's. Empty
 * documents are left out. Any error makes the whole file unreadable: Netseal never acts on
 * a file it only partly understood. The drift engine reads every policy source through
 * this, so it is as fast as the CLI's reading: the `yaml` library's syntax tree is never
 * built for a file the fast reader reads.
 *
 * @public
 */
export function readManifestDocuments(text: string): ManifestDocuments {
  if (text.length > MAX_MANIFEST_BYTES) {
    return {
      error: `larger than ${MAX_MANIFEST_SIZE_TEXT}; split it into smaller files`,
    };
  }
  const parsed = parseManifestText({ display: '' }, text);
  if ('problems' in parsed) {
    const [first] = parsed.problems;
    return first.line === undefined
      ? { error: first.message }
      : { error: first.message, line: first.line };
  }
  const { lineCounter } = parsed.file;
  const documents: ManifestDocument[] = [];
  for (const document of parsed.file.documents) {
    const source = sourceOfDocument(document);
    // The fast reader's documents always have content (an empty one is the empty
    // scalar, as the library reads it); asking would build their source tree.
    if (isFastSource(document) || source.root !== null) {
      documents.push({
        index: document.index + 1,
        line: lineCounter.linePos(source.start).line,
        value: document.value,
      });
    }
  }
  return { documents };
}
