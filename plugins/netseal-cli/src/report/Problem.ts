/**
 * What kind of problem netseal found. The first group means netseal could not read or
 * accept its input (exit 2); the second that the manifests need work (exit 1).
 *
 * @public
 */
export type ProblemCode =
  | 'unreadable'
  | 'too-large'
  | 'not-yaml'
  | 'alias-limit'
  | 'too-deep'
  | 'unwritable'
  | 'invalid-snapshot'
  | 'invalid-probe'
  | 'invalid'
  | 'ambiguous-yaml'
  | 'seal-missing'
  | 'seal-stale'
  | 'sealed-label'
  | 'duplicate-policy'
  | 'no-policies';

const inputProblemCodes: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'unreadable',
  'too-large',
  'not-yaml',
  'alias-limit',
  'too-deep',
  'unwritable',
  'invalid-snapshot',
  'invalid-probe',
]);

/** Whether a problem means netseal could not read its input, rather than a manifest needing work. */
export function isInputProblem(problem: Problem): boolean {
  return inputProblemCodes.has(problem.code);
}

/**
 * One problem, located as precisely as the source allows. `--json` prints these objects
 * with absent fields as `null`.
 *
 * @public
 */
export interface Problem {
  /** The file as the user named it, or as found under the directory they named. */
  file: string;
  /** 1-based line in `file`; absent when the problem concerns the whole file or directory. */
  line?: number;
  /** 1-based index of the YAML document in `file`. */
  document?: number;
  kind?: string;
  name?: string;
  namespace?: string;
  /** Field path inside the document, e.g. `spec.ingress[0].ports[0].port`; '' for none. */
  path: string;
  message: string;
  code: ProblemCode;
}
