/** Entry point of the `netseal` command. Sets the exit code; never throws. */
export async function main(argv: string[]): Promise<void> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write('Usage: netseal <seal|verify|digest> ...\n');
    return;
  }
  process.stderr.write(
    `netseal: unknown command '${argv[0]}'. Run 'netseal --help'.\n`,
  );
  process.exitCode = 2;
}
