/** A stream the CLI writes text to: `process.stdout` or a test's collector. @public */
export interface CliOutput {
  write(text: string): unknown;
}

/**
 * Everything the `netseal` command touches outside the file system, so that tests can run
 * it in-process with their own streams, working directory and environment.
 *
 * @public
 */
export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  /** Read by `netseal digest -`. */
  stdin: AsyncIterable<Buffer | string>;
  /** Relative paths on the command line resolve against this directory. */
  cwd: string;
  env: Record<string, string | undefined>;
}
