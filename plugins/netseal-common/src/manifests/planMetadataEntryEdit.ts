import { sourceOfDocument } from './documentSource';
import { PolicySite } from './PolicySite';
import {
  findSourcePair,
  SourceDocument,
  SourceMap,
  SourcePair,
  SourceScalar,
  sourceNodeAt,
} from './SourceNode';
import { TextEdit } from './TextEdit';

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Column of a block map's keys, taken from its first key. */
function indentOf(text: string, map: SourceMap): number | undefined {
  const key = map.pairs[0]?.key;
  return key ? key.start - lineStart(text, key.start) : undefined;
}

/** Undefined also where the fast reader is unsure of the offset; the caller then asks the `yaml` library. */
function pairEnd(pair: SourcePair): number | undefined {
  return pair.value ? pair.value.end : pair.key?.end;
}

/**
 * An edit that adds lines after the last entry of a block map, at the start of the next line,
 * so comments and blank lines around the entries stay where they are.
 */
function appendToBlockMap(
  text: string,
  map: SourceMap,
  lines: string[],
  nl: string,
): TextEdit | undefined {
  const last = map.pairs[map.pairs.length - 1];
  const end = last && pairEnd(last);
  if (end === undefined) {
    return undefined;
  }
  const block = lines.join(nl);
  if (end > 0 && text[end - 1] === '\n') {
    return { start: end, end, text: `${block}${nl}` };
  }
  const newline = text.indexOf('\n', end);
  if (newline === -1) {
    return { start: text.length, end: text.length, text: `${nl}${block}` };
  }
  return { start: newline + 1, end: newline + 1, text: `${block}${nl}` };
}

/** An edit that adds `entry` as the first entry of a non-empty flow map (JSON included). */
function prependToFlowMap(
  text: string,
  map: SourceMap,
  entry: string,
  nl: string,
): TextEdit | undefined {
  const key = map.pairs[0]?.key;
  if (!key) {
    return undefined;
  }
  const start = key.start;
  const before = text.slice(lineStart(text, start), start);
  // Pretty-printed JSON keeps one entry per line.
  const separator = /^[ \t]*$/.test(before) ? `,${nl}${before}` : ', ';
  return { start, end: start, text: `${entry}${separator}` };
}

/** How a value is written: plain where YAML reads it as that string, else double-quoted. */
function render(entry: MetadataEntry): string {
  return entry.plain ? entry.value : JSON.stringify(entry.value);
}

/** Replaces an existing scalar value in its own quoting style where that keeps it a string. */
function replaceScalar(
  value: SourceScalar,
  entry: MetadataEntry,
  text: string,
): TextEdit | undefined {
  if (value.end === undefined) {
    return undefined;
  }
  const range = [value.start, value.end];
  switch (value.style) {
    case 'QUOTE_DOUBLE':
      return {
        start: range[0],
        end: range[1],
        text: JSON.stringify(entry.value),
      };
    case 'QUOTE_SINGLE':
      return {
        start: range[0],
        end: range[1],
        text: `'${entry.value.replace(/'/g, "''")}'`,
      };
    case 'PLAIN':
      if (range[0] === range[1]) {
        // `netseal.io/seal:` with nothing after it.
        const space = text[range[0] - 1] === ' ' ? '' : ' ';
        return {
          start: range[0],
          end: range[0],
          text: `${space}${render(entry)}`,
        };
      }
      return { start: range[0], end: range[1], text: render(entry) };
    default:
      return undefined;
  }
}

/**
 * One entry of a policy's `metadata.annotations` or `metadata.labels` that netseal writes:
 * the seal annotation, or the sealed label.
 */
export interface MetadataEntry {
  map: 'annotations' | 'labels';
  key: string;
  value: string;
  /** Whether the value reads as this same string when written plain (`sha256:…` does, `true` does not). */
  plain: boolean;
}

/**
 * Plans the smallest text edit that writes one entry into a policy's `metadata.annotations`
 * or `metadata.labels`: the entry's value replaced in its own quoting style, or a line added
 * to the map, or the map added to `metadata`. Everything else in the file keeps its bytes.
 * Returns undefined for layouts it does not handle (such as an `annotations:` with no
 * entries), which the caller then edits through the Document API, and where the fast
 * reader's offsets are uncertain, which the caller then plans again on the `yaml`
 * library's tree.
 */
export function planMetadataEntryEdit(
  site: PolicySite,
  entry: MetadataEntry,
  source: SourceDocument = sourceOfDocument(site.document),
): TextEdit | undefined {
  const { text } = site.file;
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const policyNode = sourceNodeAt(source.root, site.basePath);
  if (policyNode?.kind !== 'map') {
    return undefined;
  }
  const metadataPair = findSourcePair(policyNode, 'metadata');
  const metadata = metadataPair?.value;
  if (
    !metadataPair ||
    metadata?.kind !== 'map' ||
    metadata.pairs.length === 0
  ) {
    return undefined;
  }
  const flowEntry = `${JSON.stringify(entry.key)}: ${JSON.stringify(
    entry.value,
  )}`;
  const mapPair = findSourcePair(metadata, entry.map);

  if (mapPair) {
    const map = mapPair.value;
    if (map?.kind !== 'map') {
      return undefined;
    }
    const entryPair = findSourcePair(map, entry.key);
    if (entryPair) {
      return entryPair.value?.kind === 'scalar'
        ? replaceScalar(entryPair.value, entry, text)
        : undefined;
    }
    if (map.flow) {
      if (map.pairs.length === 0) {
        return map.end === undefined
          ? undefined
          : { start: map.start, end: map.end, text: `{${flowEntry}}` };
      }
      return prependToFlowMap(text, map, flowEntry, nl);
    }
    const indent = indentOf(text, map);
    return indent === undefined
      ? undefined
      : appendToBlockMap(
          text,
          map,
          [`${' '.repeat(indent)}${entry.key}: ${render(entry)}`],
          nl,
        );
  }

  if (metadata.flow) {
    return prependToFlowMap(
      text,
      metadata,
      `${JSON.stringify(entry.map)}: {${flowEntry}}`,
      nl,
    );
  }
  const indent = indentOf(text, metadata);
  const metadataKey = metadataPair.key;
  if (indent === undefined || !metadataKey) {
    return undefined;
  }
  const parentIndent = metadataKey.start - lineStart(text, metadataKey.start);
  const step = indent > parentIndent ? indent - parentIndent : 2;
  return appendToBlockMap(
    text,
    metadata,
    [
      `${' '.repeat(indent)}${entry.map}:`,
      `${' '.repeat(indent + step)}${entry.key}: ${render(entry)}`,
    ],
    nl,
  );
}
