import { LineCounter, parseAllDocuments } from 'yaml';

/** Largest manifest file Netseal reads; policy files are kilobytes. @public */
export const MAX_MANIFEST_BYTES = 5 * 1024 * 1024;

/** Alias dereferences one document may make ("billion laughs" needs many more). @public */
export const MAX_MANIFEST_ALIASES = 100;

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
 * Reads every document of a YAML (or JSON) manifest file the way every Netseal tool
 * reads it: YAML 1.2 core schema, no merge keys, duplicate keys rejected (a reviewer
 * would see one value, a tool might use the other), aliases limited. Any error makes the
 * whole file unreadable: Netseal never acts on a file it only partly understood.
 *
 * @public
 */
export function readManifestDocuments(text: string): ManifestDocuments {
  if (text.length > MAX_MANIFEST_BYTES) {
    return {
      error: `larger than ${
        MAX_MANIFEST_BYTES / 1024 / 1024
      } MiB; split it into smaller files`,
    };
  }
  const lineCounter = new LineCounter();
  let parsed;
  try {
    parsed = parseAllDocuments(text, {
      lineCounter,
      uniqueKeys: true,
      version: '1.2',
      merge: false,
    });
  } catch (error) {
    return { error: `not valid YAML: ${describe(error)}` };
  }
  const documents: ManifestDocument[] = [];
  for (const [position, document] of (Array.isArray(parsed)
    ? parsed
    : [parsed]
  ).entries()) {
    const [firstError] = document.errors;
    if (firstError) {
      return {
        error: `not valid YAML: ${firstError.message.split('\n')[0]}`,
        line: lineCounter.linePos(firstError.pos[0]).line,
      };
    }
    if (document.contents === null) {
      continue;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: MAX_MANIFEST_ALIASES });
    } catch (error) {
      return {
        error: `document ${position + 1}: ${describe(error)}`,
        line: lineCounter.linePos(document.range[0]).line,
      };
    }
    documents.push({
      index: position + 1,
      line: lineCounter.linePos(document.contents.range[0]).line,
      value,
    });
  }
  return { documents };
}

function describe(error: unknown): string {
  if (error instanceof RangeError) {
    return 'nested too deeply to read';
  }
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
