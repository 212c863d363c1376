import { ExitCode } from '../exitCodes';
import { isInputProblem, Problem } from './Problem';

/** Input problems outrank manifest problems: a verdict over unread files is no verdict. */
export function exitCodeFor(problems: readonly Problem[]): ExitCode {
  if (problems.some(isInputProblem)) {
    return ExitCode.badInput;
  }
  return problems.length > 0 ? ExitCode.problems : ExitCode.ok;
}
