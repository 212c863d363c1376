import { LineCounter, parseAllDocuments } from 'yaml';
import { isSameData } from '../isSameData';
import { MAX_MANIFEST_ALIASES } from '../limits';
import {
  lineStartsOf,
  scanManifestText,
  scanManifestValues,
} from '../scanManifestText';
import { SourceNode } from '../SourceNode';
import { sourceTreeOfYaml } from '../sourceTreeOfYaml';
import { yamlParseOptions } from '../yamlParseOptions';

/** Why the fast reader and the `yaml` library disagree on a node, or undefined. */
function treeDifference(
  fast: SourceNode | null,
  slow: SourceNode | null,
  where: string,
): string | undefined {
  if (fast === null || slow === null) {
    return fast === slow ? undefined : `${where}: one is null`;
  }
  const differs = (field: string, a: unknown, b: unknown) =>
    a === b ? undefined : `${where}.${field}: fast ${a}, yaml ${b}`;
  const basic =
    differs('kind', fast.kind, slow.kind) ??
    differs('start', fast.start, slow.start) ??
    (fast.end === undefined ? undefined : differs('end', fast.end, slow.end)) ??
    (fast.after === undefined
      ? undefined
      : differs('after', fast.after, slow.after));
  if (basic) {
    return basic;
  }
  if (fast.kind === 'scalar' && slow.kind === 'scalar') {
    return (
      differs('style', fast.style, slow.style) ??
      (fast.style === 'PLAIN'
        ? differs('source', fast.source, slow.source)
        : undefined) ??
      (Object.is(fast.value, slow.value)
        ? undefined
        : `${where}.value: fast ${String(fast.value)}, yaml ${String(
            slow.value,
          )}`)
    );
  }
  if (fast.kind === 'map' && slow.kind === 'map') {
    const flow = differs('flow', fast.flow, slow.flow);
    if (flow) {
      return flow;
    }
    if (fast.pairs.length !== slow.pairs.length) {
      return `${where}: ${fast.pairs.length} pairs, yaml ${slow.pairs.length}`;
    }
    for (let index = 0; index < fast.pairs.length; index += 1) {
      const difference =
        treeDifference(
          fast.pairs[index].key,
          slow.pairs[index].key,
          `${where}.key${index}`,
        ) ??
        treeDifference(
          fast.pairs[index].value,
          slow.pairs[index].value,
          `${where}.value${index}`,
        );
      if (difference) {
        return difference;
      }
    }
    return undefined;
  }
  if (fast.kind === 'seq' && slow.kind === 'seq') {
    const flow = differs('flow', fast.flow, slow.flow);
    if (flow) {
      return flow;
    }
    if (fast.items.length !== slow.items.length) {
      return `${where}: ${fast.items.length} items, yaml ${slow.items.length}`;
    }
    for (let index = 0; index < fast.items.length; index += 1) {
      const difference = treeDifference(
        fast.items[index],
        slow.items[index],
        `${where}[${index}]`,
      );
      if (difference) {
        return difference;
      }
    }
    return undefined;
  }
  return `${where}: a ${fast.kind}`;
}

/**
 * Reads `text` with the fast reader and with the `yaml` library. Returns `declined` when
 * the fast reader declined, `same` when it read exactly what the library reads (documents,
 * data and its key order, offsets, line starts), or what differs.
 */
export function compareWithYaml(text: string): 'declined' | 'same' | string {
  const scanned = scanManifestText(text);
  const values = scanManifestValues(text);
  if (!scanned || !values) {
    return scanned || values
      ? 'the reader with and without trees disagree on declining'
      : 'declined';
  }
  const withoutTrees = JSON.stringify(values);
  const withTrees = JSON.stringify(
    scanned.map(({ start, value, mayHoldAmbiguousScalars }) => ({
      start,
      value,
      mayHoldAmbiguousScalars,
    })),
  );
  if (withoutTrees !== withTrees) {
    return `without trees ${withoutTrees}, with trees ${withTrees}`;
  }
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, yamlParseOptions(lineCounter));
  const errors = documents.flatMap(document => document.errors);
  if (errors.length > 0) {
    return `accepted what yaml refuses: ${errors[0].message.split('\n')[0]}`;
  }
  if (documents.length !== scanned.length) {
    return `${scanned.length} documents, yaml ${documents.length}`;
  }
  if (lineStartsOf(text).join() !== lineCounter.lineStarts.join()) {
    return 'line starts differ';
  }
  for (let index = 0; index < documents.length; index += 1) {
    let value: unknown;
    try {
      value = documents[index].toJS({ maxAliasCount: MAX_MANIFEST_ALIASES });
    } catch (error) {
      return `accepted what yaml refuses: ${String(error)}`;
    }
    const fast = scanned[index];
    if (
      !isSameData(fast.value, value) ||
      JSON.stringify(fast.value) !== JSON.stringify(value)
    ) {
      return `document ${index + 1}: data ${JSON.stringify(
        fast.value,
      )}, yaml ${JSON.stringify(value)}`;
    }
    const slow = sourceTreeOfYaml(documents[index]);
    if (fast.start !== slow.start) {
      return `document ${index + 1}: starts at ${fast.start}, yaml ${
        slow.start
      }`;
    }
    const difference = treeDifference(
      fast.root,
      slow.root,
      `document ${index + 1}`,
    );
    if (difference) {
      return difference;
    }
  }
  return 'same';
}
