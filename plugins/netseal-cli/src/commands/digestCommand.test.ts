import { createWorkspace, readFixture, runCli } from '../__testUtils__/runCli';
import { digestOf } from '../__testUtils__/sealOf';

describe('netseal digest', () => {
  let workspace: Awaited<ReturnType<typeof createWorkspace>>;
  afterEach(async () => {
    await workspace?.cleanup();
  });

  it('prints the seal of the one NetworkPolicy in a file, and nothing else', async () => {
    const web = await readFixture('web-commented.yaml');
    workspace = await createWorkspace({ 'web.yaml': web });

    const result = await runCli(['digest', 'web.yaml'], { cwd: workspace.dir });

    expect(result).toEqual({
      code: 0,
      stdout: `${digestOf(web)}\n`,
      stderr: '',
    });
    expect(result.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
  });

  it('prints the seal the file would have, whatever seal it records', async () => {
    const stale = await readFixture('stale-seal.yaml');
    workspace = await createWorkspace({ 'db.yaml': stale });

    const result = await runCli(['digest', 'db.yaml'], { cwd: workspace.dir });

    expect(result.stdout).toBe(`${digestOf(stale)}\n`);
  });

  it('skips documents of other kinds around the one NetworkPolicy', async () => {
    const config = await readFixture('configmap-only.yaml');
    const web = await readFixture('web-commented.yaml');
    workspace = await createWorkspace({ 'both.yaml': `${config}---\n${web}` });

    const result = await runCli(['digest', 'both.yaml'], {
      cwd: workspace.dir,
    });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${digestOf(web)}\n`);
  });

  it('reads standard input for -', async () => {
    const web = await readFixture('web-commented.yaml');
    workspace = await createWorkspace({});

    const result = await runCli(['digest', '-'], {
      cwd: workspace.dir,
      stdin: web,
    });

    expect(result).toEqual({
      code: 0,
      stdout: `${digestOf(web)}\n`,
      stderr: '',
    });
  });

  it('refuses a file with several NetworkPolicies, naming how many and where', async () => {
    workspace = await createWorkspace({
      'all.yaml': { fixture: 'multi-document.yaml' },
    });

    const result = await runCli(['digest', 'all.yaml'], { cwd: workspace.dir });

    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'netseal: all.yaml: found 2 NetworkPolicies, at line 9 (prod/web-egress), line 36 (prod/deny-all); digest takes a file with exactly one NetworkPolicy\n',
    });
  });

  it('refuses a file without a NetworkPolicy, naming what it holds', async () => {
    workspace = await createWorkspace({
      'config.yaml': { fixture: 'configmap-only.yaml' },
    });

    const result = await runCli(['digest', 'config.yaml'], {
      cwd: workspace.dir,
    });

    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'netseal: config.yaml: found no NetworkPolicy, only ConfigMap at line 1; digest takes a file with exactly one NetworkPolicy\n',
    });
  });

  it('lists the problems of an invalid NetworkPolicy instead of a digest, and exits 1', async () => {
    workspace = await createWorkspace({
      'bad-port.yaml': { fixture: 'bad-port.yaml' },
    });

    const result = await runCli(['digest', 'bad-port.yaml'], {
      cwd: workspace.dir,
    });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^bad-port\.yaml:17: spec\.ingress\[0\]\.ports\[0\]\.port: \S.*\n/,
    );
    expect(result.stderr).toContain(
      'netseal: bad-port.yaml: the NetworkPolicy is not valid, so it has no seal; fix the problems above\n',
    );
  });

  it('refuses a directory', async () => {
    workspace = await createWorkspace({
      'p/web.yaml': { fixture: 'web-commented.yaml' },
    });

    const result = await runCli(['digest', 'p'], { cwd: workspace.dir });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'netseal: p is a directory; digest takes one file (use netseal verify for directories)\n',
    );
  });
});
