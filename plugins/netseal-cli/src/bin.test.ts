import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createWorkspace } from './__testUtils__/runCli';

const bin = path.resolve(__dirname, '../bin/netseal');

function netseal(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('bin/netseal', () => {
  it('seals, then verifies, as a real process with real exit codes', async () => {
    const workspace = await createWorkspace({
      'policies/web.yaml': { fixture: 'web-commented.yaml' },
      'policies/db.yaml': { fixture: 'stale-seal.yaml' },
    });
    try {
      const before = netseal(['verify', 'policies'], workspace.dir);
      expect(before.code).toBe(1);
      expect(before.stdout).toContain(
        'policies/web.yaml:5: metadata.annotations["netseal.io/seal"]: missing',
      );

      const seal = netseal(['seal', 'policies'], workspace.dir);
      expect(seal).toEqual({
        code: 0,
        stdout:
          'wrote policies/db.yaml: sealed 0, refreshed 1, labelled 1\nwrote policies/web.yaml: sealed 1, refreshed 0, labelled 1\nsealed 1, refreshed 1, labelled 2, unchanged 0 in 2 files\n',
        stderr: '',
      });

      expect(netseal(['verify', 'policies'], workspace.dir)).toEqual({
        code: 0,
        stdout: 'verified 2 NetworkPolicies in 2 files: all valid and sealed\n',
        stderr: '',
      });
    } finally {
      await workspace.cleanup();
    }
    // Three processes that each load the sources through the transform: seconds on a busy machine.
  }, 60_000);

  it('turns a usage error into exit code 2 and one message, without a stack trace', () => {
    const result = netseal(['verfy'], __dirname);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "netseal: unknown command 'verfy'\n(Did you mean verify?)\n(run 'netseal --help' for usage)\n",
    );
  });
});
