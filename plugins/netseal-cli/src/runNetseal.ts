import { CommanderError } from 'commander';
import { CliIo } from './CliIo';
import { createProgram } from './createProgram';
import { ExitCode } from './exitCodes';

/** Help and version requests end commander early but successfully; every other early end is a usage error. */
const SUCCESSFUL_COMMANDER_EXITS = new Set([
  'commander.helpDisplayed',
  'commander.version',
]);

/**
 * Runs `netseal` with the given arguments (without `node` and the script) against the given
 * streams, and resolves to the exit code. Never rejects: anything unexpected is printed as
 * one `netseal: <message>` line (with the stack only when NETSEAL_DEBUG=1) and exits 2.
 *
 * @public
 */
export async function runNetseal(
  argv: readonly string[],
  io: CliIo,
): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.ok;
  try {
    const program = createProgram(io, code => {
      exitCode = code;
    });
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return SUCCESSFUL_COMMANDER_EXITS.has(error.code)
        ? ExitCode.ok
        : ExitCode.badInput;
    }
    const { message, stack } =
      typeof error === 'object' && error !== null
        ? {
            message: 'message' in error ? String(error.message) : String(error),
            stack: 'stack' in error ? String(error.stack) : undefined,
          }
        : { message: String(error), stack: undefined };
    io.stderr.write(`netseal: ${message}\n`);
    if (io.env.NETSEAL_DEBUG === '1' && stack) {
      io.stderr.write(`${stack}\n`);
    } else {
      io.stderr.write(
        'netseal: this is a bug in netseal; set NETSEAL_DEBUG=1 to see where it happened\n',
      );
    }
    return ExitCode.badInput;
  }
}
