import {
  PolicyToSeal,
  sealFileText,
} from '@netseal/backstage-plugin-netseal-common';
import { CliIo } from '../CliIo';
import { ExitCode } from '../exitCodes';
import { assessPolicy } from '../manifests/assessPolicy';
import { describeFileError } from '../manifests/describeFileError';
import { directoriesWithoutPoliciesProblems } from '../manifests/directoriesWithoutPoliciesProblems';
import { visitManifests } from '../manifests/visitManifests';
import { sealingProblems } from '../manifests/sealingProblems';
import { exitCodeFor } from '../report/exitCodeFor';
import { formatProblem } from '../report/formatProblem';
import { pluralize } from '../report/pluralize';
import { isInputProblem, Problem } from '../report/Problem';
import { sortProblems } from '../report/sortProblems';
import { writeFileAtomically } from '../sealing/writeFileAtomically';

/** @public */
export interface SealOptions {
  /** Change nothing; report missing and stale seals and sealed labels as problems. */
  check?: boolean;
  /** A directory without NetworkPolicies is a warning, not a problem. */
  allowEmpty?: boolean;
}

/** A file with seals or labels to write, and the text it will have once they are written. */
interface FileToSeal {
  display: string;
  absolute: string;
  /** Absent with --check, or when the seals could not be written cleanly. */
  text?: string;
  /** Policies that get their first seal. */
  missing: number;
  /** Policies whose recorded seal is replaced. */
  stale: number;
  /** Policies that get the sealed label, or have it corrected. */
  labelled: number;
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
  const problems: Problem[] = [];
  const toSeal: FileToSeal[] = [];
  let unchanged = 0;
  let invalid = 0;
  let filesWithPolicies = 0;

  const visited = await visitManifests(paths, io.cwd, loaded => {
    if (loaded.policies.length > 0) {
      filesWithPolicies += 1;
    }
    const policies: PolicyToSeal[] = [];
    const file: FileToSeal = {
      display: loaded.file.display,
      absolute: loaded.absolute,
      missing: 0,
      stale: 0,
      labelled: 0,
    };
    for (const site of loaded.policies) {
      const assessment = assessPolicy(site, { sealedManifest: true });
      if (!assessment.valid) {
        problems.push(...assessment.problems);
        invalid += 1;
        continue;
      }
      const { check, sealedLabel } = assessment;
      if (check.state === 'sealed' && !sealedLabel) {
        unchanged += 1;
        continue;
      }
      if (check.state !== 'sealed') {
        file[check.state] += 1;
      }
      if (sealedLabel) {
        file.labelled += 1;
      }
      policies.push({
        site,
        seal: check.state === 'sealed' ? undefined : check.expected,
        sealedLabel: sealedLabel !== undefined,
      });
      if (options.check) {
        problems.push(...sealingProblems(assessment));
      }
    }
    if (policies.length > 0) {
      // The new text is made now, while the file's syntax tree is at hand; it is written
      // only once every file has been read.
      file.text = options.check
        ? undefined
        : sealFileText(loaded.file, policies);
      toSeal.push(file);
    }
  });
  problems.push(
    ...visited.problems,
    ...directoriesWithoutPoliciesProblems(visited, !!options.allowEmpty, io),
  );

  const readEverything = !visited.problems.some(isInputProblem);
  const written: FileToSeal[] = [];
  if (!options.check && readEverything) {
    for (const file of toSeal) {
      const problem = await writeSeals(file);
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
