import { Problem, ProblemCode } from './Problem';

/** The `--json` shape of a problem: every field present, `null` when unknown. @public */
export interface ProblemJson {
  file: string;
  line: number | null;
  document: number | null;
  kind: string | null;
  name: string | null;
  namespace: string | null;
  path: string;
  message: string;
  code: ProblemCode;
}

export function problemToJson(problem: Problem): ProblemJson {
  return {
    file: problem.file,
    line: problem.line ?? null,
    document: problem.document ?? null,
    kind: problem.kind ?? null,
    name: problem.name ?? null,
    namespace: problem.namespace ?? null,
    path: problem.path,
    message: problem.message,
    code: problem.code,
  };
}
