import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { runNetseal } from '../runNetseal';

/** What a user sees from one run of `netseal`. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `netseal` in-process in `cwd`, collecting its output. */
export async function runCli(
  argv: string[],
  options: { cwd: string; stdin?: string; env?: Record<string, string> },
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runNetseal(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from(
      options.stdin === undefined ? [] : [Buffer.from(options.stdin)],
    ),
    cwd: options.cwd,
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

const fixtures = path.resolve(__dirname, '../__fixtures__');

/** The text of a fixture in `src/__fixtures__`. */
export function readFixture(name: string): Promise<string> {
  return fs.readFile(path.join(fixtures, name), 'utf8');
}

/**
 * A fresh directory under the system's temporary directory, holding the given files
 * (relative path → content, or `{ fixture }` to copy one). Removed by `cleanup`.
 */
export async function createWorkspace(
  files: Record<string, string | { fixture: string }>,
): Promise<{
  dir: string;
  read(file: string): Promise<string>;
  cleanup(): Promise<void>;
}> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'netseal-cli-test-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const text =
      typeof content === 'string'
        ? content
        : await readFixture(content.fixture);
    await fs.writeFile(file, text);
  }
  return {
    dir,
    read: (file: string) => fs.readFile(path.join(dir, file), 'utf8'),
    cleanup: () => fs.rm(dir, { recursive: true, force: true }),
  };
}
