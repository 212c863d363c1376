import { Command } from 'commander';
import { CliIo } from './CliIo';
import { digestCommand } from './commands/digestCommand';
import { reachCommand } from './commands/reachCommand';
import { sealCommand } from './commands/sealCommand';
import { verifyCommand } from './commands/verifyCommand';
import { version } from '../package.json';
import { ExitCode } from './exitCodes';
import {
  DIGEST_DESCRIPTION,
  DIGEST_HELP_AFTER,
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
      'a directory without NetworkPolicies is a warning, not a problem',
    )
    .showHelpAfterError("(run 'netseal verify --help' for usage)")
    .addHelpText('after', VERIFY_HELP_AFTER)
    .action(
      async (
        paths: string[],
        options: { json?: boolean; allowEmpty?: boolean },
      ) => {
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
      setExitCode(await digestCommand(file, io));
    });

  program
    .command('reach')
    .summary(
      'tell whether connections between pods are allowed, and by which policies',
    )
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
        setExitCode(await reachCommand(snapshot, probes, options, io));
      },
    );

  return program;
}
