import {
  evaluateConnection,
  ReachabilityInputError,
} from '@netseal/backstage-plugin-netseal-common';
import { CliIo } from '../CliIo';
import { ExitCode } from '../exitCodes';
import { PROBES_FILE_LIMIT } from '../manifests/limits';
import { readInputText, STDIN_ARGUMENT } from '../manifests/readInputText';
import { parseProbeLines } from '../reachability/parseProbeLines';
import { readClusterSnapshot } from '../reachability/readClusterSnapshot';
import { VerdictLine, verdictLine } from '../reachability/verdictLine';
import { exitCodeFor } from '../report/exitCodeFor';
import { formatProblem } from '../report/formatProblem';
import { formatTable } from '../report/formatTable';
import { pluralize } from '../report/pluralize';
import { Problem } from '../report/Problem';

/** @public */
export interface ReachOptions {
  /** Print a table for people instead of JSON lines. */
  text?: boolean;
}

function writeProblems(io: CliIo, problems: readonly Problem[]) {
  for (const problem of problems) {
    io.stderr.write(`${formatProblem(problem)}\n`);
  }
}

/**
 * `netseal reach SNAPSHOT PROBES`: the verdict of the reachability model on each probe, one
 * JSON line per probe, in order. All or nothing: when any probe cannot be answered, every
 * such probe is reported with its line and nothing is printed on standard output, since a
 * verdict list with holes would be misread.
 */
export async function reachCommand(
  snapshotArg: string,
  probesArg: string,
  options: ReachOptions,
  io: CliIo,
): Promise<ExitCode> {
  if (snapshotArg === STDIN_ARGUMENT && probesArg === STDIN_ARGUMENT) {
    io.stderr.write(
      'netseal: SNAPSHOT and PROBES cannot both be standard input (-); name a file for one of them\n',
    );
    return ExitCode.badInput;
  }
  const loaded = await readClusterSnapshot(snapshotArg, io);
  if ('problems' in loaded) {
    writeProblems(io, loaded.problems);
    return exitCodeFor(loaded.problems);
  }
  const input = await readInputText(probesArg, io, PROBES_FILE_LIMIT);
  if ('problem' in input) {
    writeProblems(io, [input.problem]);
    return ExitCode.badInput;
  }
  const { probes, problems } = parseProbeLines(
    input.display,
    input.text,
    loaded,
  );
  const verdicts: VerdictLine[] = [];
  for (const probe of probes) {
    try {
      verdicts.push(
        verdictLine(probe, evaluateConnection(loaded.model, probe.probe)),
      );
    } catch (error) {
      if (!(error instanceof ReachabilityInputError)) {
        throw error;
      }
      problems.push({
        file: input.display,
        line: probe.line,
        path: '',
        message: error.message,
        code: 'invalid-probe',
      });
    }
  }
  if (problems.length > 0) {
    writeProblems(
      io,
      [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
    );
    io.stderr.write(
      `netseal: ${pluralize(problems.length, 'problem')} in ${
        input.display
      }; no verdict printed: fix the probes and run netseal reach again\n`,
    );
    return ExitCode.badInput;
  }
  if (options.text) {
    io.stdout.write(
      formatTable([
        ['FROM', 'TO', 'VERDICT'],
        ...verdicts.map(verdict => [verdict.from, verdict.to, verdict.reason]),
      ]),
    );
  } else {
    for (const verdict of verdicts) {
      io.stdout.write(`${JSON.stringify(verdict)}\n`);
    }
  }
  return ExitCode.ok;
}
