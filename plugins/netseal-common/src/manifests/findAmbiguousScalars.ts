import { isSameData } from './isSameData';
import {
  Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parse,
  Scalar,
} from 'yaml';
import { formatFieldPath } from './formatFieldPath';

/** A plain scalar that YAML 1.1 readers and YAML 1.2 readers take to mean different things. */
export interface AmbiguousScalar {
  path: string;
  line: number;
  message: string;
}

// Plain scalars whose meaning may differ between YAML 1.1 (kubectl, Go's yaml.v2) and 1.2:
// yes/no/on/off and y/n booleans, and numbers in octal, binary, sexagesimal or with '_'.
// Most numbers and all names fail this cheap test; the rest are parsed both ways.
const YAML_1_1_BOOLEAN =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const NUMBER_LIKE = /^[-+]?[0-9.][0-9a-fA-FxXoObB_:.eE+-]*$/;
const PLAIN_DECIMAL = /^[-+]?(?:0|[1-9][0-9]*)$/;

function describe(value: unknown): string {
  return typeof value === 'string'
    ? `the string ${JSON.stringify(value)}`
    : String(value);
}

function ambiguity(scalar: Scalar): string | undefined {
  if (scalar.type !== Scalar.PLAIN || typeof scalar.source !== 'string') {
    return undefined;
  }
  const source = scalar.source;
  if (source === '<<') {
    return 'a `<<` merge key merges the referenced map for YAML 1.1 readers such as kubectl, and is a plain key for YAML 1.2 readers; write the fields out';
  }
  const candidate =
    YAML_1_1_BOOLEAN.test(source) ||
    (NUMBER_LIKE.test(source) && !PLAIN_DECIMAL.test(source));
  if (!candidate) {
    return undefined;
  }
  const asYaml11: unknown = parse(source, { version: '1.1' });
  const asYaml12: unknown = parse(source, { version: '1.2' });
  if (isSameData(asYaml11, asYaml12)) {
    return undefined;
  }
  return `\`${source}\` means ${describe(
    asYaml11,
  )} to YAML 1.1 readers such as kubectl and ${describe(
    asYaml12,
  )} to YAML 1.2 readers; quote it, or write it so both agree`;
}

/**
 * Finds the plain scalars of one policy whose meaning depends on the YAML version of the
 * reader. Netseal seals what it reads; if kubectl or another tool read something else, the
 * seal would vouch for a policy nobody reviewed.
 */
export function findAmbiguousScalars(
  yaml: Document.Parsed,
  lineCounter: LineCounter,
  basePath: ReadonlyArray<string | number>,
): AmbiguousScalar[] {
  const found: AmbiguousScalar[] = [];
  const visit = (node: unknown, path: Array<string | number>) => {
    if (isScalar(node)) {
      const message = ambiguity(node);
      if (message && node.range) {
        found.push({
          path: formatFieldPath(path),
          line: lineCounter.linePos(node.range[0]).line,
          message,
        });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, [...path, index]));
    } else if (isMap(node)) {
      for (const pair of node.items) {
        visit(pair.key, path);
        const key = isScalar(pair.key) ? String(pair.key.value) : '?';
        visit(pair.value, [...path, key]);
      }
    }
  };
  visit(yaml.getIn(basePath, true), []);
  return found;
}
