import { Document, LineCounter } from 'yaml';
import { sourceOfDocument } from './documentSource';
import { FieldPathStep, parseFieldPath } from './parseFieldPath';
import { PolicySite } from './PolicySite';
import { SourceDocument, SourceMap, SourcePair } from './SourceNode';
import { sourceTreeOfYaml } from './sourceTreeOfYaml';

function findPair(map: SourceMap, key: string): SourcePair | undefined {
  return map.pairs.find(
    pair => pair.key?.kind === 'scalar' && String(pair.key.value) === key,
  );
}

/**
 * The 1-based line of the node a field path names in a document's source tree. A map
 * entry is located by its key (a block value starts on the line below); an entry that does
 * not exist, such as a missing required field, by the deepest entry that does.
 */
export function lineOfSourcePath(
  source: SourceDocument,
  lineOf: (offset: number) => number,
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
  let node = source.root;
  let line = lineOf(source.start);

  for (let stepIndex = 0; stepIndex < steps.length; stepIndex += 1) {
    if (node?.kind === 'alias') {
      node = node.target ?? null;
    }
    const step = steps[stepIndex];
    if (node?.kind === 'seq' && step.type === 'index') {
      const item = node.items[step.index];
      if (!item) {
        break;
      }
      line = lineOf(item.start);
      node = item;
    } else if (node?.kind === 'map' && step.type !== 'index') {
      // A dotted name may be part of a key with dots in it: try the longest key first.
      let matched: { pair: SourcePair; lastStep: number } | undefined;
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
      if (key) {
        line = lineOf(key.start);
      }
      node = matched.pair.value;
      stepIndex = matched.lastStep;
    } else {
      break;
    }
  }
  return line;
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
  return lineOfSourcePath(
    sourceTreeOfYaml(yaml),
    offset => lineCounter.linePos(offset).line,
    basePath,
    fieldPath,
  );
}

/**
 * The 1-based line of a field of a policy, such as `spec.ingress[0].ports[0].port`, as
 * {@link lineOfPath} finds it, without parsing the file again when the fast reader read it.
 */
export function lineOfPolicyField(site: PolicySite, fieldPath: string): number {
  const { lineCounter } = site.file;
  return lineOfSourcePath(
    sourceOfDocument(site.document),
    offset => lineCounter.linePos(offset).line,
    site.basePath,
    fieldPath,
  );
}
