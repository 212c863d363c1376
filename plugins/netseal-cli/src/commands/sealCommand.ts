import { CliIo } from '../CliIo';
import { ExitCode } from '../exitCodes';
import { describeFileError } from '../manifests/describeFileError';
import { directoriesWithoutPoliciesProblems } from '../manifests/directoriesWithoutPoliciesProblems';
import { findManifestFiles } from '../manifests/findManifestFiles';
import { summarizeVisit } from '../manifests/visitManifests';
import { processManifestFiles } from '../parallel/processManifestFiles';
import { FileToSeal } from './planFileSeals';
import { exitCodeFor } from '../report/exitCodeFor';
import { formatProblem } from '../report/formatProblem';
import { pluralize } from '../report/pluralize';
import { isInputProblem, Problem } from '../report/Problem';
import { sortProblems } from '../report/sortProblems';
import { mapConcurrently } from '../sealing/mapConcurrently';
import { writeFileAtomically } from '../sealing/writeFileAtomically';

/** Files written at once: each waits for its flush to the disk, which others can overlap. */
const CONCURRENT_WRITES = 16;

/** @public */
export interface SealOptions {
  /** Change nothing; report missing and stale seals and sealed labels as problems. */
  check?: boolean;
  /** A directory without NetworkPolicies is a warning, not a problem. */
  allowEmpty?: boolean;
}

type Count = 'missing' | 'stale' | 'labelled';

/** Writes one file's seals; returns the problem that prevented it, if any. */
async function writeSeals(file: FileToSeal): Promise<Problem | undefined> {
  if (file.text === undefined) {
    return {
      file: file.display,
      path: '',
      message:
        'could not write the seal without changing anything else in the file; write the metadata, labels and annotations of its policies out as block mappings, without YAML aliases, and run netseal seal again',
      code: 'unwritable',
    };
  }
  try {
    await writeFileAtomically(file.absolute, file.text);
    return undefined;
  } catch (error) {
    return {
      file: file.display,
      path: '',
      message: `cannot write: ${describeFileError(error)}`,
      code: 'unwritable',
    };
  }
}

/** `sealed 1, refreshed 2, labelled 3`, or, for --check, `would seal 1, would refresh 2, would label 3`. */
function describeCounts(
  files: readonly FileToSeal[],
  tense: 'done' | 'planned',
): string {
  const sum = (count: Count) =>
    files.reduce((total, file) => total + file[count], 0);
  return tense === 'planned'
    ? `would seal ${sum('missing')}, would refresh ${sum(
        'stale',
      )}, would label ${sum('labelled')}`
    : `sealed ${sum('missing')}, refreshed ${sum('stale')}, labelled ${sum(
        'labelled',
      )}`;
}

/**
 * `netseal seal PATH...`: labels every valid NetworkPolicy under the paths with the sealed
 * label, then writes or refreshes its seal, computed over the labelled manifest. Invalid
 * policies are reported and left alone; a file netseal cannot read stops it from writing
 * anything at all, since it cannot tell what that file holds.
 */
export async function sealCommand(
  paths: readonly string[],
  options: SealOptions,
  io: CliIo,
): Promise<ExitCode> {
  const found = await findManifestFiles(paths, io.cwd);
  const files = await processManifestFiles(
    found.files,
    'seal',
    { check: !!options.check },
    io.env,
  );
  const problems: Problem[] = [];
  const toSeal: FileToSeal[] = [];
  let unchanged = 0;
  let invalid = 0;
  let filesWithPolicies = 0;
  for (const { outcome } of files) {
    if (!outcome) {
      continue;
    }
    if (outcome.policies > 0) {
      filesWithPolicies += 1;
    }
    problems.push(...outcome.problems);
    unchanged += outcome.unchanged;
    invalid += outcome.invalid;
    if (outcome.toSeal) {
      toSeal.push(outcome.toSeal);
    }
  }
  const visited = summarizeVisit(found, files);
  problems.push(
    ...visited.problems,
    ...directoriesWithoutPoliciesProblems(visited, !!options.allowEmpty, io),
  );

  const readEverything = !visited.problems.some(isInputProblem);
  const written: FileToSeal[] = [];
  if (!options.check && readEverything) {
    const outcomes = await mapConcurrently(
      toSeal,
      CONCURRENT_WRITES,
      writeSeals,
    );
    for (const [index, file] of toSeal.entries()) {
      const problem = outcomes[index];
      if (problem) {
        problems.push(problem);
      } else {
        written.push(file);
        io.stdout.write(
          `wrote ${file.display}: ${describeCounts([file], 'done')}\n`,
        );
      }
    }
  }
  for (const problem of sortProblems(problems)) {
    io.stdout.write(`${formatProblem(problem)}\n`);
  }
  const inFiles = `in ${pluralize(filesWithPolicies, 'file')}`;
  const notSealed =
    invalid > 0
      ? `; ${pluralize(
          invalid,
          'invalid policy',
          'invalid policies',
        )} not sealed`
      : '';
  if (options.check) {
    io.stdout.write(
      `${describeCounts(
        toSeal,
        'planned',
      )}, unchanged ${unchanged} ${inFiles}${notSealed}; nothing written (--check)\n`,
    );
    if (toSeal.length > 0) {
      io.stdout.write(
        `run netseal seal without --check to write the missing and stale seals and sealed labels\n`,
      );
    }
  } else if (!readEverything) {
    io.stdout.write(
      'nothing written: netseal could not read every file; fix the problems above and run netseal seal again\n',
    );
  } else {
    io.stdout.write(
      `${describeCounts(
        written,
        'done',
      )}, unchanged ${unchanged} ${inFiles}${notSealed}\n`,
    );
  }
  return exitCodeFor(problems);
}
