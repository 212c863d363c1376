import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { promises as fs, existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { version } from '../package.json';

// What a policy repository's CI does with netseal: install the packed tarball with npm on
// the machine's own Node, with nothing else, and run it. The tarball must hold every module
// the CLI runs, so npm installs it offline from an empty cache.

const packageDir = path.resolve(__dirname, '..');
const repositoryRoot = path.resolve(packageDir, '../..');
const fixtures = path.join(__dirname, '__fixtures__');

/**
 * PATH without the directories this repository put in front of it (scripts/env.sh adds
 * Node 24 and yarn under .tools/), so that `node` and `npm` are the machine's own.
 */
function machinePath(): string {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(dir => dir && !path.resolve(dir).startsWith(repositoryRoot))
    .join(path.delimiter);
}

function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

function describeFailure(result: SpawnSyncReturns<string>): string {
  return `exit ${result.status}${
    result.error ? ` (${result.error.message})` : ''
  }\n${result.stdout}\n${result.stderr}`;
}

describe('the packed @netseal/netseal-cli tarball', () => {
  let workDir: string;

  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'netseal-packed-'));
  });

  afterAll(async () => {
    await fs.rm(workDir, { recursive: true, force: true });
  });

  it('installs offline with npm on the machine’s own Node and seals, verifies, digests and diffs', async () => {
    // Everything the installed CLI runs with: the machine's PATH, an empty home and npm cache.
    const env = {
      PATH: machinePath(),
      HOME: path.join(workDir, 'home'),
      npm_config_cache: path.join(workDir, 'npm-cache'),
      npm_config_update_notifier: 'false',
    };
    const machineNode = run('node', ['-p', 'process.version'], {
      cwd: workDir,
      env,
    });
    if (machineNode.status !== 0) {
      throw new Error(
        `this test runs the tarball on the machine's own Node, outside this repository's .tools/, and found none on PATH (${machinePath()}): install Node 20 or newer with npm`,
      );
    }
    // The bundle targets Node 20, the oldest Node the package supports (engines).
    expect(
      Number(/^v(\d+)\./.exec(machineNode.stdout)?.[1]),
    ).toBeGreaterThanOrEqual(20);

    const tarball = path.join(workDir, 'netseal-cli.tgz');
    const release = readdirSync(
      path.join(repositoryRoot, '.yarn/releases'),
    ).find(name => name.endsWith('.cjs'));
    const pack = run(
      process.execPath,
      [
        path.join(repositoryRoot, '.yarn/releases', release ?? 'yarn.cjs'),
        'pack',
        '--out',
        tarball,
      ],
      { cwd: packageDir },
    );
    expect({ pack: pack.status }).toEqual({ pack: 0 });
    expect(existsSync(path.join(packageDir, 'package.json-prepack'))).toBe(
      false,
    );

    const project = path.join(workDir, 'policy-repo');
    await fs.mkdir(project);
    const install = run(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', tarball],
      { cwd: project, env },
    );
    if (install.status !== 0) {
      throw new Error(`npm install failed: ${describeFailure(install)}`);
    }
    const installed = path.join(project, 'node_modules/@netseal/netseal-cli');
    const manifest = JSON.parse(
      await fs.readFile(path.join(installed, 'package.json'), 'utf8'),
    );
    expect(manifest.dependencies).toBeUndefined();
    expect(existsSync(path.join(installed, 'src'))).toBe(false);
    expect(existsSync(path.join(project, 'node_modules/yaml'))).toBe(false);

    const netsealWith = (extraEnv: NodeJS.ProcessEnv, ...args: string[]) => {
      const result = run(
        path.join(project, 'node_modules/.bin/netseal'),
        args,
        { cwd: project, env: { ...env, ...extraEnv } },
      );
      return {
        code: result.status,
        stdout: result.stdout,
        stderr: result.stderr,
      };
    };
    const netseal = (...args: string[]) => netsealWith({}, ...args);

    expect(netseal('--version')).toEqual({
      code: 0,
      stdout: `${version}\n`,
      stderr: '',
    });

    await fs.mkdir(path.join(project, 'policies'));
    await fs.copyFile(
      path.join(fixtures, 'web-commented.yaml'),
      path.join(project, 'policies/web.yaml'),
    );
    await fs.copyFile(
      path.join(fixtures, 'stale-seal.yaml'),
      path.join(project, 'policies/db.yaml'),
    );
    expect(netseal('verify', 'policies')).toMatchObject({
      code: 1,
      stdout: expect.stringContaining(
        'policies/web.yaml:5: metadata.annotations["netseal.io/seal"]: missing',
      ),
    });
    expect(netseal('seal', 'policies')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('wrote policies/web.yaml: sealed 1'),
    });
    const verified = {
      code: 0,
      stdout: 'verified 2 NetworkPolicies in 2 files: all valid and sealed\n',
      stderr: '',
    };
    expect(netseal('verify', 'policies')).toEqual(verified);
    // The bundle is also the worker threads' code.
    expect(netsealWith({ NETSEAL_WORKERS: '1' }, 'verify', 'policies')).toEqual(
      verified,
    );
    const sealed = await fs.readFile(
      path.join(project, 'policies/web.yaml'),
      'utf8',
    );
    const digest = netseal('digest', 'policies/web.yaml');
    expect(digest.code).toBe(0);
    expect(sealed).toContain(`netseal.io/seal: ${digest.stdout.trim()}`);

    expect(
      netseal(
        'diff',
        path.join(fixtures, 'cluster.json'),
        path.join(fixtures, 'diff/old'),
        path.join(fixtures, 'diff/new'),
      ),
    ).toMatchObject({ code: 0, stdout: expect.stringContaining('opens') });
  }, 240_000);
});
