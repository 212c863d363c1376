import {
  Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  Node,
  ParsedNode,
} from 'yaml';
import { SourceDocument, SourceNode, SourcePair } from './SourceNode';

const converted = new WeakMap<Document.Parsed, SourceDocument>();

function rangeOf(node: Node): { start: number; end?: number; after?: number } {
  const range = node.range;
  return range
    ? { start: range[0], end: range[1], after: range[2] }
    : { start: 0 };
}

/**
 * The source tree of a document the `yaml` library parsed, with the library's own ranges:
 * what the tasks written against source trees see for a file the fast reader declined.
 * Remembered per document.
 */
export function sourceTreeOfYaml(yaml: Document.Parsed): SourceDocument {
  const known = converted.get(yaml);
  if (known) {
    return known;
  }
  // Anchors come before their aliases in document order, the order of this walk.
  const nodes = new Map<unknown, SourceNode>();
  const convert = (node: unknown): SourceNode | null => {
    let result: SourceNode | null = null;
    if (isScalar(node)) {
      result = {
        kind: 'scalar',
        ...rangeOf(node),
        style: node.type,
        source: typeof node.source === 'string' ? node.source : undefined,
        value: node.value,
      };
    } else if (isMap(node)) {
      const pairs: SourcePair[] = [];
      result = { kind: 'map', ...rangeOf(node), flow: !!node.flow, pairs };
      nodes.set(node, result);
      for (const pair of node.items) {
        pairs.push({ key: convert(pair.key), value: convert(pair.value) });
      }
    } else if (isSeq(node)) {
      const items: Array<SourceNode | null> = [];
      result = { kind: 'seq', ...rangeOf(node), flow: !!node.flow, items };
      nodes.set(node, result);
      for (const item of node.items) {
        items.push(convert(item));
      }
    } else if (isAlias(node)) {
      const target = node.resolve(yaml) as ParsedNode | undefined;
      result = {
        kind: 'alias',
        ...rangeOf(node),
        target: target ? nodes.get(target) : undefined,
      };
    }
    if (result) {
      nodes.set(node, result);
    }
    return result;
  };
  const document: SourceDocument = {
    root: convert(yaml.contents),
    start: yaml.contents?.range[0] ?? yaml.range[0],
  };
  converted.set(yaml, document);
  return document;
}
