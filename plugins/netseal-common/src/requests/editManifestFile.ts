import { findNetworkPolicies } from '../manifests/findNetworkPolicies';
import type {
  ParsedDocument,
  ParsedManifestFile,
} from '../manifests/ParsedManifestFile';
import { parseManifestText } from '../manifests/parseManifestText';

/** A file's new text (null: delete the file), or why the edit cannot be made. @public */
export type ManifestFileEdit =
  | {
      text: string | null;
      /** The replaced or removed document as it was written, without its `---`. */
      oldDocument?: string;
    }
  | { problem: string };

/** Where a document's text runs: from its `---` (or the file's start) to the next `---`. */
function documentRange(
  file: ParsedManifestFile,
  document: ParsedDocument,
): { start: number; end: number } {
  const { documents, text } = file;
  const index = documents.indexOf(document);
  const startOf = (i: number) => (i === 0 ? 0 : documents[i].yaml.range[0]);
  return {
    start: startOf(index),
    end: index + 1 < documents.length ? startOf(index + 1) : text.length,
  };
}

function withoutMarker(segment: string): string {
  return segment.replace(/^---[^\n]*\n?/, '');
}

/**
 * The document of the policy `namespace/name` as the file holds it, comments included and
 * without its `---`; or why it cannot be found.
 *
 * @public
 */
export function findManifestDocument(options: {
  file: string;
  text: string;
  namespace: string;
  name: string;
}): { document: string } | { problem: string } {
  const located = locatePolicy(options);
  if ('problem' in located) return located;
  if ('missing' in located) {
    return {
      problem: `${options.file} no longer holds ${options.namespace}/${options.name}`,
    };
  }
  const { start, end } = documentRange(located.parsed, located.document);
  return { document: withoutMarker(options.text.slice(start, end)) };
}

/** The parsed file and the whole document that holds the policy, or why there is none. */
function locatePolicy(options: {
  file: string;
  text: string;
  namespace: string;
  name: string;
}):
  | { parsed: ParsedManifestFile; document: ParsedDocument }
  | { problem: string }
  | { missing: ParsedManifestFile } {
  const { file, text, namespace, name } = options;
  const parsed = parseManifestText({ display: file }, text);
  if ('problems' in parsed) {
    return {
      problem: `${file} cannot be read (${parsed.problems
        .map(problem => problem.message)
        .join('; ')}); fix the file in Git first`,
    };
  }
  const site = findNetworkPolicies(parsed.file).policies.find(
    candidate => candidate.namespace === namespace && candidate.name === name,
  );
  if (!site) {
    return { missing: parsed.file };
  }
  if (site.basePath.length > 0) {
    return {
      problem: `${namespace}/${name} is an item of a List in ${file}; Netseal edits whole documents, so move the policy into a document of its own`,
    };
  }
  return { parsed: parsed.file, document: site.document };
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * Edits one NetworkPolicy of a policy source file, leaving every other document of the
 * file as it was written, comments included:
 *
 * - `newText` replaces the document of the policy `namespace/name`; when the file does
 *   not hold that policy (an `add`), the text is appended as a new document, or becomes
 *   the file when there is none;
 * - `newText: null` removes the policy's document, and the file when nothing else is in it.
 *
 * A document is the text from its `---` (or the file's start) to the next `---`, so a
 * comment above a replaced policy goes with it. A policy that is an item of a `List` is
 * refused: only whole documents are edited.
 *
 * @public
 */
export function editManifestFile(options: {
  /** The file's path, for messages. */
  file: string;
  /** The file's current text; undefined when it does not exist. */
  text: string | undefined;
  namespace: string;
  name: string;
  newText: string | null;
}): ManifestFileEdit {
  const { file, text, namespace, name, newText } = options;
  if (text === undefined || text.trim() === '') {
    if (newText === null) {
      return {
        problem: `${file} no longer exists in the policy source, so ${namespace}/${name} is already gone; refresh and check the policy's status`,
      };
    }
    return { text: withNewline(newText) };
  }
  const located = locatePolicy({ file, text, namespace, name });
  if ('problem' in located) return located;
  if ('missing' in located) {
    if (newText === null) {
      return {
        problem: `${file} no longer holds ${namespace}/${name}; the policy source changed since it was read, so refresh and request again`,
      };
    }
    return { text: `${withNewline(text)}---\n${withNewline(newText)}` };
  }

  const { start, end } = documentRange(located.parsed, located.document);
  const segment = text.slice(start, end);
  const marker = segment.startsWith('---') ? '---\n' : '';
  const oldDocument = withoutMarker(segment);
  if (newText === null) {
    const rest = text.slice(0, start) + text.slice(end);
    return {
      text: rest.replace(/^(\s*---\s*)+$/, '').trim() === '' ? null : rest,
      oldDocument,
    };
  }
  return {
    text:
      text.slice(0, start) + marker + withNewline(newText) + text.slice(end),
    oldDocument,
  };
}
