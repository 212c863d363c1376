import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createWorkspace, runCli } from './__testUtils__/runCli';
import { describeFileError } from './manifests/describeFileError';
import { runNetseal } from './runNetseal';
import { Readable } from 'node:stream';

/** A stack trace line, which a user must never see unless they ask for it. */
const STACK_LINE = /^\s+at /m;

describe('bad input', () => {
  let workspace: Awaited<ReturnType<typeof createWorkspace>>;
  afterEach(async () => {
    await workspace?.cleanup();
  });

  it('reports a file that is not YAML with the line of the syntax error, and exits 2', async () => {
    workspace = await createWorkspace({
      'broken.yaml': { fixture: 'not-yaml.yaml' },
    });

    const result = await runCli(['verify', 'broken.yaml'], {
      cwd: workspace.dir,
    });

    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^broken\.yaml:7: not valid YAML: .+$/m);
    expect(result.stdout).not.toMatch(STACK_LINE);
  });

  it('reports duplicate keys, which readers would resolve differently', async () => {
    workspace = await createWorkspace({
      'dup.yaml': 'kind: NetworkPolicy\nkind: ConfigMap\n',
    });

    const result = await runCli(['verify', 'dup.yaml'], { cwd: workspace.dir });

    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      'dup.yaml:2: not valid YAML: Map keys must be unique\n',
    );
  });

  it('refuses a YAML alias bomb instead of expanding it', async () => {
    workspace = await createWorkspace({
      'bomb.yaml': { fixture: 'alias-bomb.yaml' },
    });

    const result = await runCli(['verify', 'bomb.yaml'], {
      cwd: workspace.dir,
    });

    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      `bomb.yaml:2: YAML aliases expand past netseal's limit of 100 (an alias bomb such as "billion laughs")`,
    );
  });

  it('refuses flow collections nested absurdly deep without parsing them', async () => {
    workspace = await createWorkspace({
      'deep.yaml': `spec: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
    });

    const result = await runCli(['verify', 'deep.yaml'], {
      cwd: workspace.dir,
    });

    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      'deep.yaml: flow collections ([...] and {...}) nest more than 256 deep; netseal refuses to parse such a file\n',
    );
  });

  it('refuses a 50 MB file by its size, naming the limit, without reading it', async () => {
    workspace = await createWorkspace({});
    const big = path.join(workspace.dir, 'big.yaml');
    // Sparse: 50 MiB long, no data written, so reading it would be the test's only cost.
    await fs.writeFile(big, '');
    await fs.truncate(big, 50 * 1024 * 1024);

    for (const argv of [
      ['verify', 'big.yaml'],
      ['seal', '.'],
      ['digest', 'big.yaml'],
    ]) {
      const result = await runCli(argv, { cwd: workspace.dir });

      expect(result.code).toBe(2);
      expect(result.stdout + result.stderr).toContain(
        "big.yaml: 52,428,800 bytes, over netseal's 5 MiB limit for a manifest file; split it into smaller files\n",
      );
    }
  });

  it('refuses standard input over the same limit', async () => {
    workspace = await createWorkspace({});

    const result = await runCli(['digest', '-'], {
      cwd: workspace.dir,
      stdin: 'x'.repeat(5 * 1024 * 1024 + 1),
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "<stdin>: more than over netseal's 5 MiB limit",
    );
  });

  it('names a path that does not exist, and exits 2', async () => {
    workspace = await createWorkspace({
      'web.yaml': { fixture: 'web-commented.yaml' },
    });

    const result = await runCli(['verify', 'policies/', 'web.yaml'], {
      cwd: workspace.dir,
    });

    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      'policies/: cannot read: no such file or directory (ENOENT)\n',
    );
  });

  it('names a path whose parent is a file', async () => {
    workspace = await createWorkspace({
      'web.yaml': { fixture: 'web-commented.yaml' },
    });

    const result = await runCli(['digest', 'web.yaml/inner.yaml'], {
      cwd: workspace.dir,
    });

    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'netseal: web.yaml/inner.yaml: cannot read: a part of the path is not a directory (ENOTDIR)\n',
    });
  });

  it('refuses a named pipe instead of waiting on it', async () => {
    workspace = await createWorkspace({});
    execFileSync('mkfifo', [path.join(workspace.dir, 'pipe.yaml')]);

    const verify = await runCli(['verify', 'pipe.yaml'], {
      cwd: workspace.dir,
    });
    const digest = await runCli(['digest', 'pipe.yaml'], {
      cwd: workspace.dir,
    });

    expect(verify.code).toBe(2);
    expect(verify.stdout).toContain(
      'pipe.yaml: cannot read: not a regular file\n',
    );
    expect(digest).toEqual({
      code: 2,
      stdout: '',
      stderr: 'netseal: pipe.yaml: cannot read: not a regular file\n',
    });
  });

  it('names permission errors by their code', () => {
    // Tests run as root here, which no file mode stops; the message is what matters.
    const error = Object.assign(
      new Error("EACCES: permission denied, open '/x'"),
      {
        code: 'EACCES',
      },
    );

    expect(describeFileError(error)).toBe('permission denied (EACCES)');
  });

  it('suggests the closest command for an unknown one, and exits 2', async () => {
    const result = await runCli(['seel', 'policies/'], { cwd: '/' });

    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "netseal: unknown command 'seel'\n(Did you mean seal?)\n(run 'netseal --help' for usage)\n",
    });
  });

  it('suggests the closest option for an unknown one, and exits 2', async () => {
    const result = await runCli(['verify', '--jsn', 'policies/'], { cwd: '/' });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "netseal: unknown option '--jsn'\n(Did you mean --json?)\n(run 'netseal verify --help' for usage)\n",
    );
  });

  it('asks for a path when none is given', async () => {
    const result = await runCli(['seal'], { cwd: '/' });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "netseal: missing required argument 'path'\n",
    );
  });

  it('prints one netseal: line for an unexpected failure, and its stack only with NETSEAL_DEBUG=1', async () => {
    workspace = await createWorkspace({
      'web.yaml': { fixture: 'web-commented.yaml' },
    });
    const run = async (env: Record<string, string>) => {
      let stderr = '';
      const code = await runNetseal(['verify', '.'], {
        stdout: {
          write: () => {
            throw new Error('the terminal went away');
          },
        },
        stderr: { write: (text: string) => (stderr += text) },
        stdin: Readable.from([]),
        cwd: workspace.dir,
        env,
      });
      return { code, stderr };
    };

    const quiet = await run({});
    expect(quiet.code).toBe(2);
    expect(quiet.stderr).toBe(
      'netseal: the terminal went away\nnetseal: this is a bug in netseal; set NETSEAL_DEBUG=1 to see where it happened\n',
    );

    const debug = await run({ NETSEAL_DEBUG: '1' });
    expect(debug.stderr).toMatch(
      /^netseal: the terminal went away\nError: the terminal went away\n\s+at /,
    );
  });
});

describe('describeFileError', () => {
  it("falls back to Node's own wording for codes it does not know", () => {
    const error = Object.assign(
      new Error("EBUSY: resource busy or locked, open '/x'"),
      {
        code: 'EBUSY',
      },
    );

    expect(describeFileError(error)).toBe('resource busy or locked (EBUSY)');
  });
});
