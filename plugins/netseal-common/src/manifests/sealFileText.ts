import { SEAL_ANNOTATION, SEALED_LABEL } from '../constants';
import { SEALED_LABEL_VALUE } from '../seal/sealedLabelProblem';
import { isFastSource } from './documentSource';
import { isSameData } from './isSameData';
import { Document, isMap, LineCounter, parseAllDocuments } from 'yaml';
import { MAX_MANIFEST_ALIASES } from './limits';
import { ParsedDocument, ParsedManifestFile } from './ParsedManifestFile';
import { PolicySite } from './PolicySite';
import { yamlParseOptions } from './yamlParseOptions';
import { MetadataEntry, planMetadataEntryEdit } from './planMetadataEntryEdit';
import { applyTextEdits, TextEdit } from './TextEdit';
import { scanManifestValues } from './scanManifestText';
import { sourceTreeOfYaml } from './sourceTreeOfYaml';

/** A policy and what netseal seal writes into it. */
export interface PolicyToSeal {
  site: PolicySite;
  /** The new seal annotation; absent when the recorded seal stays. */
  seal?: string;
  /** Whether to add, or correct, the sealed label. */
  sealedLabel: boolean;
}

/** The metadata entries to write into one policy, the label first (it goes in before the seal). */
function entriesOf(policy: PolicyToSeal): MetadataEntry[] {
  const entries: MetadataEntry[] = [];
  if (policy.sealedLabel) {
    entries.push({
      map: 'labels',
      key: SEALED_LABEL,
      value: SEALED_LABEL_VALUE,
      plain: false,
    });
  }
  if (policy.seal !== undefined) {
    entries.push({
      map: 'annotations',
      key: SEAL_ANNOTATION,
      value: policy.seal,
      plain: true,
    });
  }
  return entries;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The entries of one policy in the order their edits must apply when both go in at the same
 * offset, the end of `metadata`: an entry added to an existing map (the last one in
 * `metadata`) before a map added after it, or the entry would land in the new map.
 */
function orderForOneOffset(policy: PolicyToSeal): MetadataEntry[] {
  let metadata: unknown = policy.site.manifest;
  metadata = isRecord(metadata) ? metadata.metadata : undefined;
  const exists = (entry: MetadataEntry) =>
    isRecord(metadata) && isRecord(metadata[entry.map]);
  const entries = entriesOf(policy);
  return [
    ...entries.filter(entry => exists(entry)),
    ...entries.filter(entry => !exists(entry)),
  ];
}

/**
 * `value` with the entries written into the metadata of the policy at `path`. Only the
 * objects on the way are copied; the rest is shared with `value`, which stays as it was.
 */
function withEntries(
  value: unknown,
  path: ReadonlyArray<string | number>,
  policyToSeal: PolicyToSeal,
): unknown {
  if (path.length > 0) {
    const [step, ...rest] = path;
    if (Array.isArray(value) && typeof step === 'number') {
      const copy = [...value];
      copy[step] = withEntries(value[step], rest, policyToSeal);
      return copy;
    }
    if (isRecord(value) && typeof step === 'string') {
      return {
        ...value,
        [step]: withEntries(value[step], rest, policyToSeal),
      };
    }
    return value;
  }
  if (!isRecord(value) || !isRecord(value.metadata)) {
    return value;
  }
  const metadata = { ...value.metadata };
  for (const entry of entriesOf(policyToSeal)) {
    const map = metadata[entry.map];
    metadata[entry.map] = {
      ...(isRecord(map) ? map : {}),
      [entry.key]: entry.value,
    };
  }
  return { ...value, metadata };
}

/** The data each document must read as once the seals and labels are written. */
function expectedValues(
  file: ParsedManifestFile,
  policies: readonly PolicyToSeal[],
): unknown[] {
  const values = file.documents.map(document => document.value);
  for (const policyToSeal of policies) {
    const { site } = policyToSeal;
    const index = file.documents.indexOf(site.document);
    values[index] = withEntries(values[index], site.basePath, policyToSeal);
  }
  return values;
}

/** Whether `text` parses, cleanly, to exactly the expected documents. */
function readsAs(text: string, expected: readonly unknown[]): boolean {
  // The fast reader reads what the `yaml` library reads wherever it accepts a text.
  const scanned = scanManifestValues(text);
  if (scanned) {
    return (
      scanned.length === expected.length &&
      scanned.every((document, index) =>
        isSameData(document.value, expected[index]),
      )
    );
  }
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
      return isSameData(
        document.toJS({ maxAliasCount: MAX_MANIFEST_ALIASES }),
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
  policies: readonly PolicyToSeal[],
): string {
  const rewritten = new Map<ParsedDocument, Document>();
  for (const policy of policies) {
    const { site } = policy;
    const yaml = rewritten.get(site.document) ?? site.document.yaml.clone();
    rewritten.set(site.document, yaml);
    for (const entry of entriesOf(policy)) {
      const mapPath = [...site.basePath, 'metadata', entry.map];
      if (isMap(yaml.getIn(mapPath, true))) {
        yaml.setIn([...mapPath, entry.key], entry.value);
      } else {
        yaml.setIn(mapPath, yaml.createNode({ [entry.key]: entry.value }));
      }
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
 * The file's text with the given seals and sealed labels written in. Small text edits keep
 * every other byte of the file; the result is read again (by the fast reader where it can:
 * one cheap read per file, not one per edit) and must read as exactly the old documents
 * plus the seals and labels, or the affected documents are rewritten through the Document
 * API and checked the same way. Returns undefined when neither way gives that
 * result: better no seal than a file that means something else.
 */
export function sealFileText(
  file: ParsedManifestFile,
  policies: readonly PolicyToSeal[],
): string | undefined {
  const expected = expectedValues(file, policies);
  let edits = policies.flatMap(policy =>
    orderForOneOffset(policy).map(entry =>
      planMetadataEntryEdit(policy.site, entry),
    ),
  );
  if (
    edits.includes(undefined) &&
    policies.some(policy => isFastSource(policy.site.document))
  ) {
    // Where the fast reader was unsure of an offset, the `yaml` library's tree decides.
    edits = policies.flatMap(policy =>
      orderForOneOffset(policy).map(entry =>
        planMetadataEntryEdit(
          policy.site,
          entry,
          sourceTreeOfYaml(policy.site.document.yaml),
        ),
      ),
    );
  }
  if (edits.every((edit): edit is TextEdit => edit !== undefined)) {
    const edited = applyTextEdits(file.text, edits);
    if (readsAs(edited, expected)) {
      return edited;
    }
  }
  let rewritten: string;
  try {
    rewritten = rewriteDocuments(file, policies);
  } catch {
    // Such as metadata that is an alias of another policy's: one seal cannot go in two places.
    return undefined;
  }
  return readsAs(rewritten, expected) ? rewritten : undefined;
}
