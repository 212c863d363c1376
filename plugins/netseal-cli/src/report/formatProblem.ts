import { Problem } from './Problem';

/** `file:line: path: message`, the form editors and CI annotators recognise. */
export function formatProblem(problem: Problem): string {
  const location =
    problem.line === undefined
      ? problem.file
      : `${problem.file}:${problem.line}`;
  const path = problem.path ? `${problem.path}: ` : '';
  return `${location}: ${path}${problem.message}`;
}
