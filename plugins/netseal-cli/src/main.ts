import { runNetseal } from './runNetseal';

/**
 * Entry point of the `netseal` executable: runs the command against the real process and
 * sets its exit code. Never throws.
 *
 * @public
 */
export async function main(argv: string[]): Promise<void> {
  for (const stream of [process.stdout, process.stderr]) {
    // `netseal verify policies/ | head` closes the pipe early; that is not a crash, and
    // the exit code must still say what verify found.
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') {
        process.exitCode = 2;
      }
    });
  }
  process.exitCode = await runNetseal(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    cwd: process.cwd(),
    env: process.env,
  });
}
