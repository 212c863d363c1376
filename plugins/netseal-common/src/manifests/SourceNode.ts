/**
 * Where a YAML node sits in its text, and what it reads as: the little of a syntax tree
 * that locating problems, finding ambiguous scalars and planning seal edits need. Both
 * readers produce it: {@link scanManifestText}, the fast one, and the `yaml` library's
 * Document, converted by {@link sourceTreeOfYaml}, so each of those tasks has one
 * implementation whichever reader read the file.
 *
 * Offsets mirror the `yaml` library's `range` (`[start, end, after]`). `end` and `after`
 * are undefined where the fast reader cannot be sure the `yaml` library would say the same
 * (comment lines after a node belong to it or to its parent by rules of the library's
 * own); a task that needs such an offset asks the `yaml` library instead.
 */
export type SourceNode = SourceMap | SourceSeq | SourceScalar | SourceAlias;

interface SourceNodeBase {
  /** Offset of the node's first character. */
  start: number;
  /** Offset just after the node's value (`range[1]`). */
  end?: number;
  /** Offset after the node's trailing comment and line break (`range[2]`). */
  after?: number;
}

/** A scalar's style, named as the `yaml` library's `Scalar.type`. */
export type SourceScalarStyle =
  | 'PLAIN'
  | 'QUOTE_DOUBLE'
  | 'QUOTE_SINGLE'
  | 'BLOCK_LITERAL'
  | 'BLOCK_FOLDED';

export interface SourceScalar extends SourceNodeBase {
  kind: 'scalar';
  style?: SourceScalarStyle;
  /** The text of a plain scalar as written; what YAML 1.1 and 1.2 readers may read differently. */
  source?: string;
  value: unknown;
}

export interface SourcePair {
  key: SourceNode | null;
  value: SourceNode | null;
}

export interface SourceMap extends SourceNodeBase {
  kind: 'map';
  flow: boolean;
  pairs: SourcePair[];
}

export interface SourceSeq extends SourceNodeBase {
  kind: 'seq';
  flow: boolean;
  items: Array<SourceNode | null>;
}

export interface SourceAlias extends SourceNodeBase {
  kind: 'alias';
  /** The anchored node the alias stands for. */
  target?: SourceNode;
}

/** One document of a file as a source tree. */
export interface SourceDocument {
  /** The document's content; null for a document without any. */
  root: SourceNode | null;
  /** Offset where the document's content starts (or the document, when it has none). */
  start: number;
  /**
   * False when the reader saw that no plain scalar of the document could read differently
   * to YAML 1.1 readers, so looking for them is a waste; undefined when it did not look.
   */
  mayHoldAmbiguousScalars?: boolean;
}

/** The pair of a map whose key is the scalar `key`, as `YAMLMap.get` finds it. */
export function findSourcePair(
  map: SourceMap,
  key: string | number,
): SourcePair | undefined {
  for (const pair of map.pairs) {
    if (pair.key?.kind === 'scalar' && pair.key.value === key) {
      return pair;
    }
  }
  return undefined;
}

/** The node at a path of keys and indexes, as `Document.getIn(path, true)` finds it. */
export function sourceNodeAt(
  root: SourceNode | null,
  path: ReadonlyArray<string | number>,
): SourceNode | null | undefined {
  let node: SourceNode | null | undefined = root;
  for (const step of path) {
    if (node?.kind === 'map') {
      node = findSourcePair(node, step)?.value;
    } else if (node?.kind === 'seq' && typeof step === 'number') {
      node = node.items[step];
    } else {
      return undefined;
    }
  }
  return node;
}
