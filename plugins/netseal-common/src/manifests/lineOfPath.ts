import {
  Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  Pair,
} from 'yaml';
import { FieldPathStep, parseFieldPath } from './parseFieldPath';

function findPair(map: { items: Pair[] }, key: string): Pair | undefined {
  return map.items.find(
    pair => isScalar(pair.key) && String(pair.key.value) === key,
  );
}

/**
 * The 1-based line of the node a field path names, for `file:line` messages. A map entry
 * is located by its key (a block value starts on the line below); an entry that does not
 * exist, such as a missing required field, by the deepest entry that does.
 */
export function lineOfPath(
  yaml: Document.Parsed,
  lineCounter: LineCounter,
  basePath: ReadonlyArray<string | number>,
  fieldPath: string,
): number {
  const steps: FieldPathStep[] = [
    ...basePath.map(
      (step): FieldPathStep =>
        typeof step === 'number'
          ? { type: 'index', index: step }
          : { type: 'key', key: step },
    ),
    ...parseFieldPath(fieldPath),
  ];
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  let node: unknown = yaml.contents;
  let line = lineOf(yaml.contents?.range[0] ?? yaml.range[0]);

  for (let stepIndex = 0; stepIndex < steps.length; stepIndex += 1) {
    if (isAlias(node)) {
      node = node.resolve(yaml);
    }
    const step = steps[stepIndex];
    if (isSeq(node) && step.type === 'index') {
      const item = node.items[step.index];
      if (!isNode(item) || !item.range) {
        break;
      }
      line = lineOf(item.range[0]);
      node = item;
    } else if (isMap(node) && step.type !== 'index') {
      // A dotted name may be part of a key with dots in it: try the longest key first.
      let matched: { pair: Pair; lastStep: number } | undefined;
      if (step.type === 'key') {
        const pair = findPair(node, step.key);
        matched = pair && { pair, lastStep: stepIndex };
      } else {
        let lastName = stepIndex;
        while (
          lastName + 1 < steps.length &&
          steps[lastName + 1].type === 'name'
        ) {
          lastName += 1;
        }
        for (let last = lastName; last >= stepIndex && !matched; last -= 1) {
          const key = steps
            .slice(stepIndex, last + 1)
            .map(s => (s.type === 'name' ? s.name : ''))
            .join('.');
          const pair = findPair(node, key);
          matched = pair && { pair, lastStep: last };
        }
      }
      if (!matched) {
        break;
      }
      const key = matched.pair.key;
      if (isNode(key) && key.range) {
        line = lineOf(key.range[0]);
      }
      node = matched.pair.value;
      stepIndex = matched.lastStep;
    } else {
      break;
    }
  }
  return line;
}
