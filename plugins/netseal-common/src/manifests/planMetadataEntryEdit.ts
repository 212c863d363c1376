import { isMap, isNode, isScalar, Pair, Scalar, YAMLMap } from 'yaml';
import { PolicySite } from './PolicySite';
import { TextEdit } from './TextEdit';

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find(pair => isScalar(pair.key) && pair.key.value === key);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Column of a block map's keys, taken from its first key. */
function indentOf(text: string, map: YAMLMap): number | undefined {
  const key = map.items[0]?.key;
  return isNode(key) && key.range
    ? key.range[0] - lineStart(text, key.range[0])
    : undefined;
}

function pairEnd(pair: Pair): number | undefined {
  const value = pair.value;
  if (isNode(value) && value.range) {
    return value.range[1];
  }
  const key = pair.key;
  return isNode(key) && key.range ? key.range[1] : undefined;
}

/**
 * An edit that adds lines after the last entry of a block map, at the start of the next line,
 * so comments and blank lines around the entries stay where they are.
 */
function appendToBlockMap(
  text: string,
  map: YAMLMap,
  lines: string[],
  nl: string,
): TextEdit | undefined {
  const last = map.items[map.items.length - 1];
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
  map: YAMLMap,
  entry: string,
  nl: string,
): TextEdit | undefined {
  const key = map.items[0]?.key;
  if (!isNode(key) || !key.range) {
    return undefined;
  }
  const start = key.range[0];
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
  value: Scalar,
  entry: MetadataEntry,
  text: string,
): TextEdit | undefined {
  const range = value.range;
  if (!range) {
    return undefined;
  }
  switch (value.type) {
    case Scalar.QUOTE_DOUBLE:
      return {
        start: range[0],
        end: range[1],
        text: JSON.stringify(entry.value),
      };
    case Scalar.QUOTE_SINGLE:
      return {
        start: range[0],
        end: range[1],
        text: `'${entry.value.replace(/'/g, "''")}'`,
      };
    case Scalar.PLAIN:
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
 * entries), which the caller then edits through the Document API.
 */
export function planMetadataEntryEdit(
  site: PolicySite,
  entry: MetadataEntry,
): TextEdit | undefined {
  const { text } = site.file;
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const policyNode = site.document.yaml.getIn(site.basePath, true);
  if (!isMap(policyNode)) {
    return undefined;
  }
  const metadataPair = findPair(policyNode, 'metadata');
  const metadata = metadataPair?.value;
  if (!metadataPair || !isMap(metadata) || metadata.items.length === 0) {
    return undefined;
  }
  const flowEntry = `${JSON.stringify(entry.key)}: ${JSON.stringify(
    entry.value,
  )}`;
  const mapPair = findPair(metadata, entry.map);

  if (mapPair) {
    const map = mapPair.value;
    if (!isMap(map)) {
      return undefined;
    }
    const entryPair = findPair(map, entry.key);
    if (entryPair) {
      return isScalar(entryPair.value)
        ? replaceScalar(entryPair.value, entry, text)
        : undefined;
    }
    if (map.flow) {
      if (map.items.length === 0) {
        const range = map.range;
        return range
          ? { start: range[0], end: range[1], text: `{${flowEntry}}` }
          : undefined;
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
  if (indent === undefined || !isNode(metadataKey) || !metadataKey.range) {
    return undefined;
  }
  const parentIndent =
    metadataKey.range[0] - lineStart(text, metadataKey.range[0]);
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
