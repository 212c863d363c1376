import { Command } from 'commander';
import { CliIo } from './CliIo';
import { version } from '../package.json';
import { ExitCode } from './exitCodes';
import {
  ATTEST_DESCRIPTION,
  ATTEST_VERIFY_DESCRIPTION,
  ATTEST_VERIFY_HELP_AFTER,
  DIFF_DESCRIPTION,
  DIFF_HELP_AFTER,
  DIGEST_DESCRIPTION,
  DIGEST_HELP_AFTER,
  GUARD_DESCRIPTION,
  GUARD_HELP_AFTER,
  PROGRAM_DESCRIPTION,
  PROGRAM_HELP_AFTER,
  REACH_DESCRIPTION,
  REACH_HELP_AFTER,
  SEAL_DESCRIPTION,
  SEAL_HELP_AFTER,
  VERIFY_DESCRIPTION,
  VERIFY_HELP_AFTER,
} from './helpText';

/**
 * The commands, loaded when one runs, so that `--version` and `--help` start quickly.
 * A require, not import(): run from the sources through the transform, import() would load
 * the module as ECMAScript and see none of its exports.
 */
function commands(): typeof import('./commands') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./commands');
}

/**
 * The `netseal` command line, parsed by commander. Each command's action reports its exit
 * code through `setExitCode`; commander's own exits are turned into thrown errors
 * (`exitOverride`) so that nothing calls `process.exit` behind the caller's back.
 */
export function createProgram(
  io: CliIo,
  setExitCode: (code: ExitCode) => void,
): Command {
  const program = new Command('netseal')
    .exitOverride()
    .configureOutput({
      writeOut: text => io.stdout.write(text),
      writeErr: text => io.stderr.write(text),
      outputError: (text, write) =>
        write(`netseal: ${text.replace(/^error: /, '')}`),
    })
    .showSuggestionAfterError(true)
    .showHelpAfterError("(run 'netseal --help' for usage)")
    .version(version, '-V, --version', 'print the version of netseal')
    .helpOption('-h, --help', 'print this help')
    .description(PROGRAM_DESCRIPTION)
    .addHelpText('after', PROGRAM_HELP_AFTER);

  program
    .command('seal')
    .summary(
      'label and seal every NetworkPolicy under the paths, or refresh its seal',
    )
    .description(SEAL_DESCRIPTION)
    .argument(
      '<path...>',
      'files and directories holding NetworkPolicy manifests',
    )
    .option(
      '--check',
      'change nothing; exit 1 if any seal or sealed label is missing or wrong',
    )
    .option(
      '--allow-empty',
      'a directory without NetworkPolicies is a warning, not a problem',
    )
    .showHelpAfterError("(run 'netseal seal --help' for usage)")
    .addHelpText('after', SEAL_HELP_AFTER)
    .action(
      async (
        paths: string[],
        options: { check?: boolean; allowEmpty?: boolean },
      ) => {
        const { sealCommand } = commands();
        setExitCode(await sealCommand(paths, options, io));
      },
    );

  program
    .command('verify')
    .summary(
      'check that every NetworkPolicy under the paths is valid and sealed',
    )
    .description(VERIFY_DESCRIPTION)
    .argument(
      '<path...>',
      'files and directories holding NetworkPolicy manifests',
    )
    .option('--json', 'print the problems as a JSON array')
    .option(
      '--allow-empty',
      'a file or directory without NetworkPolicies is a warning, not a problem',
    )
    .showHelpAfterError("(run 'netseal verify --help' for usage)")
    .addHelpText('after', VERIFY_HELP_AFTER)
    .action(
      async (
        paths: string[],
        options: { json?: boolean; allowEmpty?: boolean },
      ) => {
        const { verifyCommand } = commands();
        setExitCode(await verifyCommand(paths, options, io));
      },
    );

  program
    .command('digest')
    .summary('print the seal of the one NetworkPolicy in a file')
    .description(DIGEST_DESCRIPTION)
    .argument(
      '<file>',
      'a manifest file holding one NetworkPolicy, or - for standard input',
    )
    .showHelpAfterError("(run 'netseal digest --help' for usage)")
    .addHelpText('after', DIGEST_HELP_AFTER)
    .action(async (file: string) => {
      const { digestCommand } = commands();
      setExitCode(await digestCommand(file, io));
    });

  program
    .command('reach')
    .summary('say whether probed connections are allowed, and why')
    .description(REACH_DESCRIPTION)
    .argument(
      '<snapshot>',
      'kubectl get namespaces,pods,networkpolicies -A -o json output, or - for standard input',
    )
    .argument(
      '<probes>',
      'a file of JSON lines, one probe each, or - for standard input',
    )
    .option('--text', 'print a table for people instead of JSON lines')
    .showHelpAfterError("(run 'netseal reach --help' for usage)")
    .addHelpText('after', REACH_HELP_AFTER)
    .action(
      async (snapshot: string, probes: string, options: { text?: boolean }) => {
        const { reachCommand } = commands();
        setExitCode(await reachCommand(snapshot, probes, options, io));
      },
    );

  program
    .command('diff')
    .summary('show the access paths a change of policies opens and closes')
    .description(DIFF_DESCRIPTION)
    .argument(
      '<snapshot>',
      'kubectl get namespaces,pods,networkpolicies -A -o json output, or - for standard input',
    )
    .argument('<old>', 'the NetworkPolicy manifests before the change')
    .argument('<new>', 'the NetworkPolicy manifests after the change')
    .option('--json', 'print the report as one JSON object')
    .option(
      '--port <port>',
      'analyse only this port: a number or name, with /UDP or /SCTP for another protocol than --protocol; repeatable',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--protocol <protocol>',
      'the protocol of --port values without one (default TCP); without --port, analyse only this protocol',
    )
    .showHelpAfterError("(run 'netseal diff --help' for usage)")
    .addHelpText('after', DIFF_HELP_AFTER)
    .action(
      async (
        snapshot: string,
        oldPath: string,
        newPath: string,
        options: { json?: boolean; port?: string[]; protocol?: string },
      ) => {
        const { diffCommand } = commands();
        setExitCode(await diffCommand(snapshot, oldPath, newPath, options, io));
      },
    );

  program
    .command('guard')
    .summary(
      "print the admission guard that keeps a cluster's sealed policies immutable",
    )
    .description(GUARD_DESCRIPTION)
    .option(
      '--rollout-user <user>',
      "the Kubernetes username of Netseal's rollout identity (required)",
    )
    .option(
      '--delete-exception <user>',
      'a further username that may delete sealed policies; repeatable',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .showHelpAfterError("(run 'netseal guard --help' for usage)")
    .addHelpText('after', GUARD_HELP_AFTER)
    .action(
      async (options: { rolloutUser?: string; deleteException?: string[] }) => {
        const { guardCommand } = commands();
        setExitCode(guardCommand(options, io));
      },
    );

  const attest = program
    .command('attest')
    .summary('check the signed attestation of a rollout or restore offline')
    .description(ATTEST_DESCRIPTION)
    .helpOption('-h, --help', 'print this help');
  attest
    .command('verify')
    .summary('check an attestation against the signing public key')
    .description(ATTEST_VERIFY_DESCRIPTION)
    .argument(
      '<file>',
      'the attestation: GET /attestations/{id} or its envelope',
    )
    .option(
      '--key <public-key>',
      "PEM file of the public half of the backend's netseal.attestation.privateKey (required)",
    )
    .showHelpAfterError("(run 'netseal attest verify --help' for usage)")
    .addHelpText('after', ATTEST_VERIFY_HELP_AFTER)
    .action(async (file: string, options: { key?: string }) => {
      const { attestVerifyCommand } = commands();
      setExitCode(await attestVerifyCommand(file, options, io));
    });

  return program;
}
