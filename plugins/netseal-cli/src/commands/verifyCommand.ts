import { CliIo } from '../CliIo';
import { ExitCode } from '../exitCodes';
import { directoriesWithoutPoliciesProblems } from '../manifests/directoriesWithoutPoliciesProblems';
import { findManifestFiles } from '../manifests/findManifestFiles';
import { summarizeVisit } from '../manifests/visitManifests';
import { processManifestFiles } from '../parallel/processManifestFiles';
import { exitCodeFor } from '../report/exitCodeFor';
import { formatProblem } from '../report/formatProblem';
import { pluralize } from '../report/pluralize';
import { Problem } from '../report/Problem';
import { problemToJson } from '../report/problemToJson';
import { sortProblems } from '../report/sortProblems';

/** @public */
export interface VerifyOptions {
  /** Print the problems as a JSON array instead of `file:line: path: message` lines. */
  json?: boolean;
  /** A file or directory without NetworkPolicies is a warning, not a problem. */
  allowEmpty?: boolean;
}

/**
 * `netseal verify PATH...`: succeeds only when every NetworkPolicy under the paths is valid,
 * carries the sealed label and the seal of its current content. Changes nothing. A file
 * named on the command line must hold a NetworkPolicy, and a manifest of
 * `networking.k8s.io/v1` must be one: what was not checked must not pass as checked.
 */
export async function verifyCommand(
  paths: readonly string[],
  options: VerifyOptions,
  io: CliIo,
): Promise<ExitCode> {
  const found = await findManifestFiles(paths, io.cwd);
  const files = await processManifestFiles(
    found.files,
    'verify',
    { allowEmpty: !!options.allowEmpty },
    io.env,
  );
  const problems: Problem[] = [];
  let policies = 0;
  let filesWithPolicies = 0;
  for (const { outcome } of files) {
    if (!outcome) {
      continue;
    }
    if (outcome.policies > 0) {
      filesWithPolicies += 1;
    }
    policies += outcome.policies;
    problems.push(...outcome.problems);
    for (const warning of outcome.warnings) {
      io.stderr.write(`netseal: warning: ${warning}\n`);
    }
  }
  const visited = summarizeVisit(found, files);
  problems.push(
    ...visited.problems,
    ...directoriesWithoutPoliciesProblems(visited, !!options.allowEmpty, io),
  );
  const sorted = sortProblems(problems);

  if (options.json) {
    io.stdout.write(`${JSON.stringify(sorted.map(problemToJson), null, 2)}\n`);
    return exitCodeFor(problems);
  }
  for (const problem of sorted) {
    io.stdout.write(`${formatProblem(problem)}\n`);
  }
  const checked = `${pluralize(
    policies,
    'NetworkPolicy',
    'NetworkPolicies',
  )} in ${pluralize(filesWithPolicies, 'file')}`;
  if (problems.length === 0) {
    io.stdout.write(`verified ${checked}: all valid and sealed\n`);
  } else {
    io.stdout.write(
      `${pluralize(problems.length, 'problem')}; checked ${checked}\n`,
    );
    if (
      problems.some(
        problem =>
          problem.code === 'seal-missing' || problem.code === 'seal-stale',
      )
    ) {
      io.stdout.write(
        'a missing seal means the policy was never sealed, a stale one that it changed since: review it, then run netseal seal\n',
      );
    }
  }
  return exitCodeFor(problems);
}
