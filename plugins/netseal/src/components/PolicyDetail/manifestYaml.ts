import {
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  stringify,
} from 'yaml';
import { FieldPathSegment, fieldPathKey } from './fieldPath';

/** A manifest as YAML lines, with the lines (1-based, inclusive) each field path spans. */
export interface ManifestYaml {
  lines: string[];
  linesOfPath: Map<string, { first: number; last: number }>;
}

/**
 * Writes a manifest as YAML and records which lines hold each field, so a difference's
 * field path can be highlighted. The text is parsed back because only the parser knows
 * where each node ended up.
 */
export function manifestYaml(manifest: unknown): ManifestYaml {
  const text = stringify(manifest, { lineWidth: 0 });
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const linesOfPath = new Map<string, { first: number; last: number }>();
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;

  const record = (
    path: FieldPathSegment[],
    start: number,
    end: number,
  ): void => {
    linesOfPath.set(fieldPathKey(path), {
      first: lineAt(start),
      // Node ranges end after their last character, often at the next line's start.
      last: lineAt(Math.max(start, end - 1)),
    });
  };

  const visit = (node: unknown, path: FieldPathSegment[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        const keyRange = isNode(pair.key) ? pair.key.range : undefined;
        const valueRange = isNode(pair.value) ? pair.value.range : undefined;
        const start = keyRange?.[0];
        const end = valueRange?.[1] ?? keyRange?.[1];
        if (start !== undefined && end !== undefined) {
          record([...path, key], start, end);
        }
        visit(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const range = isNode(item) ? item.range : undefined;
        if (range) {
          record([...path, index], range[0], range[1]);
        }
        visit(item, [...path, index]);
      });
    }
  };
  visit(document.contents, []);

  const lines = text.endsWith('\n')
    ? text.slice(0, -1).split('\n')
    : text.split('\n');
  return { lines, linesOfPath };
}
