import { SEAL_ANNOTATION } from '@netseal/backstage-plugin-netseal-common';
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, LineCounter, parseAllDocuments } from 'yaml';
import { MAX_ALIAS_COUNT } from '../manifests/limits';
import {
  ParsedDocument,
  ParsedManifestFile,
} from '../manifests/ParsedManifestFile';
import { PolicySite } from '../manifests/PolicySite';
import { yamlParseOptions } from '../manifests/yamlParseOptions';
import { planSealEdit } from './planSealEdit';
import { applyTextEdits, TextEdit } from './TextEdit';

/** A policy and the seal to write into it. */
export interface SealToWrite {
  site: PolicySite;
  seal: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copies parsed YAML data (plain objects, arrays, scalars). */
function cloneData(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(cloneData);
  }
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, cloneData(item)]),
    );
  }
  return value;
}

function child(value: unknown, step: string | number): unknown {
  if (Array.isArray(value) && typeof step === 'number') {
    return value[step];
  }
  return isRecord(value) && typeof step === 'string' ? value[step] : undefined;
}

/** The data each document must read as once the seals are written. */
function expectedValues(
  file: ParsedManifestFile,
  seals: readonly SealToWrite[],
): unknown[] {
  const values = file.documents.map(document => document.value);
  for (const { site, seal } of seals) {
    const index = file.documents.indexOf(site.document);
    values[index] = cloneData(values[index]);
    let policy: unknown = values[index];
    for (const step of site.basePath) {
      policy = child(policy, step);
    }
    if (isRecord(policy) && isRecord(policy.metadata)) {
      const annotations = isRecord(policy.metadata.annotations)
        ? policy.metadata.annotations
        : {};
      policy.metadata.annotations = { ...annotations, [SEAL_ANNOTATION]: seal };
    }
  }
  return values;
}

/** Whether `text` parses, cleanly, to exactly the expected documents. */
function readsAs(text: string, expected: readonly unknown[]): boolean {
  const documents = parseAllDocuments(
    text,
    yamlParseOptions(new LineCounter()),
  );
  if (documents.length !== expected.length) {
    return false;
  }
  return documents.every((document, index) => {
    if (document.errors.length > 0) {
      return false;
    }
    try {
      return isDeepStrictEqual(
        document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }),
        expected[index],
      );
    } catch {
      return false;
    }
  });
}

/** Rewrites whole documents through the `yaml` Document API, for layouts the text edits do not handle. */
function rewriteDocuments(
  file: ParsedManifestFile,
  seals: readonly SealToWrite[],
): string {
  const rewritten = new Map<ParsedDocument, Document>();
  for (const { site, seal } of seals) {
    const yaml = rewritten.get(site.document) ?? site.document.yaml.clone();
    rewritten.set(site.document, yaml);
    const annotationsPath = [...site.basePath, 'metadata', 'annotations'];
    if (isMap(yaml.getIn(annotationsPath, true))) {
      yaml.setIn([...annotationsPath, SEAL_ANNOTATION], seal);
    } else {
      yaml.setIn(annotationsPath, yaml.createNode({ [SEAL_ANNOTATION]: seal }));
    }
  }
  const edits: TextEdit[] = [];
  file.documents.forEach((document, index) => {
    const yaml = rewritten.get(document);
    if (yaml) {
      // Each document owns the text from the end of the one before it, so the comments
      // and markers around it are written once.
      const start = index === 0 ? 0 : file.documents[index - 1].yaml.range[2];
      const end =
        index === file.documents.length - 1
          ? file.text.length
          : document.yaml.range[2];
      edits.push({ start, end, text: yaml.toString({ lineWidth: 0 }) });
    }
  });
  return applyTextEdits(file.text, edits);
}

/**
 * The file's text with the given seals written in. Small text edits keep every other byte of
 * the file; the result is parsed again and must read as exactly the old documents plus the
 * seals, or the affected documents are rewritten through the Document API and checked the
 * same way. Returns undefined when neither way gives that result: better no seal than a
 * file that means something else.
 */
export function sealFileText(
  file: ParsedManifestFile,
  seals: readonly SealToWrite[],
): string | undefined {
  const expected = expectedValues(file, seals);
  const edits = seals.map(({ site, seal }) => planSealEdit(site, seal));
  if (edits.every((edit): edit is TextEdit => edit !== undefined)) {
    const edited = applyTextEdits(file.text, edits);
    if (readsAs(edited, expected)) {
      return edited;
    }
  }
  let rewritten: string;
  try {
    rewritten = rewriteDocuments(file, seals);
  } catch {
    // Such as metadata that is an alias of another policy's: one seal cannot go in two places.
    return undefined;
  }
  return readsAs(rewritten, expected) ? rewritten : undefined;
}
