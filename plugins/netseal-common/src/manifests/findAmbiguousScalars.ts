import { isSameData } from './isSameData';
import { Document, LineCounter, parse } from 'yaml';
import { sourceOfDocument } from './documentSource';
import { formatFieldPath } from './formatFieldPath';
import { mayReadDifferentlyInYaml11 } from './mayReadDifferentlyInYaml11';
import { PolicySite } from './PolicySite';
import { SourceNode, SourceScalar, sourceNodeAt } from './SourceNode';
import { sourceTreeOfYaml } from './sourceTreeOfYaml';

/** A plain scalar that YAML 1.1 readers and YAML 1.2 readers take to mean different things. */
export interface AmbiguousScalar {
  path: string;
  line: number;
  message: string;
}

function describe(value: unknown): string {
  return typeof value === 'string'
    ? `the string ${JSON.stringify(value)}`
    : String(value);
}

function ambiguity(scalar: SourceScalar): string | undefined {
  if (scalar.style !== 'PLAIN' || typeof scalar.source !== 'string') {
    return undefined;
  }
  const source = scalar.source;
  if (source === '<<') {
    return 'a `<<` merge key merges the referenced map for YAML 1.1 readers such as kubectl, and is a plain key for YAML 1.2 readers; write the fields out';
  }
  if (!mayReadDifferentlyInYaml11(source)) {
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

function findInSourceTree(
  policyNode: SourceNode | null | undefined,
  lineOf: (offset: number) => number,
): AmbiguousScalar[] {
  const found: AmbiguousScalar[] = [];
  // One path, extended and shortened as the walk goes: every policy has some eighty
  // scalars and almost never an ambiguous one.
  const path: Array<string | number> = [];
  const visit = (node: SourceNode | null | undefined) => {
    if (node?.kind === 'scalar') {
      const message = ambiguity(node);
      if (message) {
        found.push({
          path: formatFieldPath(path),
          line: lineOf(node.start),
          message,
        });
      }
    } else if (node?.kind === 'seq') {
      for (let index = 0; index < node.items.length; index += 1) {
        path.push(index);
        visit(node.items[index]);
        path.pop();
      }
    } else if (node?.kind === 'map') {
      for (const pair of node.pairs) {
        visit(pair.key);
        path.push(pair.key?.kind === 'scalar' ? String(pair.key.value) : '?');
        visit(pair.value);
        path.pop();
      }
    }
  };
  visit(policyNode);
  return found;
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
  return findInSourceTree(
    sourceNodeAt(sourceTreeOfYaml(yaml).root, basePath),
    offset => lineCounter.linePos(offset).line,
  );
}

/**
 * {@link findAmbiguousScalars} for a policy found in a parsed file, without parsing the file
 * again when the fast reader read it.
 */
export function findPolicyAmbiguousScalars(
  site: PolicySite,
): AmbiguousScalar[] {
  const { lineCounter } = site.file;
  const source = sourceOfDocument(site.document);
  if (source.mayHoldAmbiguousScalars === false) {
    return [];
  }
  return findInSourceTree(
    sourceNodeAt(source.root, site.basePath),
    offset => lineCounter.linePos(offset).line,
  );
}
