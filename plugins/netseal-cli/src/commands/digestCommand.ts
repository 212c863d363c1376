import {
  computeSeal,
  findNetworkPolicies,
  parseManifestText,
} from '@netseal/backstage-plugin-netseal-common';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CliIo } from '../CliIo';
import { ExitCode } from '../exitCodes';
import { assessPolicy } from '../manifests/assessPolicy';
import { describeFileError } from '../manifests/describeFileError';
import { describeOtherDocuments } from '../manifests/describeOtherDocuments';
import {
  readManifestFile,
  readManifestStream,
} from '../manifests/readManifestFile';
import { exitCodeFor } from '../report/exitCodeFor';
import { formatProblem } from '../report/formatProblem';
import { Problem } from '../report/Problem';

const STDIN = '-';

function writeProblems(io: CliIo, problems: readonly Problem[]) {
  for (const problem of problems) {
    io.stderr.write(`${formatProblem(problem)}\n`);
  }
}

/**
 * `netseal digest FILE`: prints the seal of the one NetworkPolicy in FILE (or standard
 * input, for `-`). Anything but exactly one valid NetworkPolicy is an error, because a
 * digest printed for "the first of several" would be taken for the seal of the wrong one.
 */
export async function digestCommand(
  file: string,
  io: CliIo,
): Promise<ExitCode> {
  let read;
  const display = file === STDIN ? '<stdin>' : file;
  if (file === STDIN) {
    read = await readManifestStream(display, io.stdin);
  } else {
    const absolute = path.resolve(io.cwd, file);
    let stats;
    try {
      stats = await fs.stat(absolute);
    } catch (error) {
      io.stderr.write(
        `netseal: ${file}: cannot read: ${describeFileError(error)}\n`,
      );
      return ExitCode.badInput;
    }
    if (stats.isDirectory()) {
      io.stderr.write(
        `netseal: ${file} is a directory; digest takes one file (use netseal verify for directories)\n`,
      );
      return ExitCode.badInput;
    }
    if (!stats.isFile()) {
      io.stderr.write(`netseal: ${file}: cannot read: not a regular file\n`);
      return ExitCode.badInput;
    }
    read = await readManifestFile({ display, absolute });
  }
  if ('problem' in read) {
    writeProblems(io, [read.problem]);
    return ExitCode.badInput;
  }
  const parsed = parseManifestText({ display }, read.text);
  if ('problems' in parsed) {
    writeProblems(io, parsed.problems);
    return ExitCode.badInput;
  }

  const { policies, others } = findNetworkPolicies(parsed.file);
  if (policies.length !== 1) {
    let found: string;
    if (policies.length === 0) {
      found = `found no NetworkPolicy${describeOtherDocuments(others)}`;
    } else {
      found = `found ${policies.length} NetworkPolicies, at ${policies
        .map(site => {
          const name = [site.namespace, site.name].filter(Boolean).join('/');
          return `line ${site.line}${name ? ` (${name})` : ''}`;
        })
        .join(', ')}`;
    }
    io.stderr.write(
      `netseal: ${display}: ${found}; digest takes a file with exactly one NetworkPolicy\n`,
    );
    return ExitCode.badInput;
  }

  const assessment = assessPolicy(policies[0]);
  if (!assessment.valid) {
    writeProblems(io, assessment.problems);
    io.stderr.write(
      `netseal: ${display}: the NetworkPolicy is not valid, so it has no seal; fix the problems above\n`,
    );
    return exitCodeFor(assessment.problems);
  }
  io.stdout.write(`${computeSeal(assessment.policy)}\n`);
  return ExitCode.ok;
}
