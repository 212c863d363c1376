import { createWorkspace, readFixture, runCli } from '../__testUtils__/runCli';
import { sealOf } from '../__testUtils__/sealOf';

describe('netseal verify', () => {
  let workspace: Awaited<ReturnType<typeof createWorkspace>>;
  afterEach(async () => {
    await workspace?.cleanup();
  });

  async function sealedWorkspace(
    files: Record<string, string | { fixture: string }>,
  ) {
    workspace = await createWorkspace(files);
    await runCli(['seal', '.'], { cwd: workspace.dir });
    return workspace;
  }

  it('exits 0 when every NetworkPolicy is valid and sealed', async () => {
    await sealedWorkspace({
      'policies/web.yaml': { fixture: 'web-commented.yaml' },
      'policies/all.yaml': { fixture: 'multi-document.yaml' },
      'policies/config.yaml': { fixture: 'configmap-only.yaml' },
    });

    const result = await runCli(['verify', 'policies'], { cwd: workspace.dir });

    expect(result).toEqual({
      code: 0,
      stdout: 'verified 3 NetworkPolicies in 2 files: all valid and sealed\n',
      stderr: '',
    });
  });

  it('lists a bad port, a missing sealed label and a stale seal as file:line: path: message and exits 1', async () => {
    const badPort = await readFixture('bad-port.yaml');
    const stale = await readFixture('stale-seal.yaml');
    workspace = await createWorkspace({
      'p/bad-port.yaml': badPort,
      'p/db.yaml': stale,
    });

    const result = await runCli(['verify', 'p/'], { cwd: workspace.dir });

    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^p\/bad-port\.yaml:17: spec\.ingress\[0\]\.ports\[0\]\.port: \S.*$/,
    );
    expect(lines.slice(1, 4)).toEqual([
      'p/db.yaml:3: metadata.labels["netseal.io/sealed"]: missing: sealed manifests carry netseal.io/sealed: "true" so the admission guard can protect them; run netseal seal',
      `p/db.yaml:8: metadata.annotations["netseal.io/seal"]: stale (expected ${sealOf(
        stale,
      )})`,
      '3 problems; checked 2 NetworkPolicies in 2 files',
    ]);
  });

  it('prints the problems as a JSON array with --json', async () => {
    const stale = await readFixture('stale-seal.yaml');
    workspace = await createWorkspace({
      'bad-port.yaml': { fixture: 'bad-port.yaml' },
      'db.yaml': stale,
    });

    const result = await runCli(['verify', '--json', '.'], {
      cwd: workspace.dir,
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const problems = JSON.parse(result.stdout);
    expect(problems).toEqual([
      {
        file: 'bad-port.yaml',
        line: 17,
        document: 1,
        kind: 'NetworkPolicy',
        name: 'bad-port',
        namespace: 'prod',
        path: 'spec.ingress[0].ports[0].port',
        message: expect.any(String),
        code: 'invalid',
      },
      {
        file: 'db.yaml',
        line: 3,
        document: 1,
        kind: 'NetworkPolicy',
        name: 'db',
        namespace: 'prod',
        path: 'metadata.labels["netseal.io/sealed"]',
        message:
          'missing: sealed manifests carry netseal.io/sealed: "true" so the admission guard can protect them; run netseal seal',
        code: 'sealed-label',
      },
      {
        file: 'db.yaml',
        line: 8,
        document: 1,
        kind: 'NetworkPolicy',
        name: 'db',
        namespace: 'prod',
        path: 'metadata.annotations["netseal.io/seal"]',
        message: `stale (expected ${sealOf(stale)})`,
        code: 'seal-stale',
      },
    ]);
  });

  it('prints an empty JSON array when all is well', async () => {
    await sealedWorkspace({ 'web.yaml': { fixture: 'web-commented.yaml' } });

    const result = await runCli(['verify', '--json', '.'], {
      cwd: workspace.dir,
    });

    expect(result).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('names the document and line of a problem in a multi-document file', async () => {
    const original = await readFixture('multi-document.yaml');
    workspace = await createWorkspace({ 'all.yaml': original });

    const result = await runCli(['verify', '--json', 'all.yaml'], {
      cwd: workspace.dir,
    });

    expect(
      JSON.parse(result.stdout).map(
        (p: { document: number; line: number; name: string }) => [
          p.document,
          p.line,
          p.name,
        ],
      ),
    ).toEqual([
      [2, 11, 'web-egress'],
      [2, 14, 'web-egress'],
      [4, 38, 'deny-all'],
      [4, 38, 'deny-all'],
    ]);
  });

  it('locates problems inside the items of a List', async () => {
    workspace = await createWorkspace({
      'list.yaml': { fixture: 'list.yaml' },
    });

    const result = await runCli(['verify', 'list.yaml'], {
      cwd: workspace.dir,
    });

    expect(result.stdout).toContain(
      'list.yaml:6: items[0].metadata.annotations["netseal.io/seal"]: missing (expected',
    );
    expect(result.stdout).toContain(
      'list.yaml:17: items[2].metadata.annotations["netseal.io/seal"]: missing (expected',
    );
  });

  it('reports plain scalars that YAML 1.1 and 1.2 readers take differently', async () => {
    workspace = await createWorkspace({
      'ambiguous.yaml': { fixture: 'ambiguous.yaml' },
    });

    const result = await runCli(['verify', '.'], { cwd: workspace.dir });

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'ambiguous.yaml:7: metadata.labels.monitored: `yes` means true to YAML 1.1 readers such as kubectl and the string "yes" to YAML 1.2 readers',
    );
    expect(result.stdout).toContain(
      'ambiguous.yaml:12: spec.ingress[0].ports[0].port: `0443` means 291 to YAML 1.1 readers such as kubectl and 443 to YAML 1.2 readers',
    );
  });

  it('accepts files without any NetworkPolicy found under a directory', async () => {
    await sealedWorkspace({
      'policies/web.yaml': { fixture: 'web-commented.yaml' },
      'policies/config.yaml': { fixture: 'configmap-only.yaml' },
    });

    const result = await runCli(['verify', 'policies'], {
      cwd: workspace.dir,
    });

    expect(result.code).toBe(0);
  });

  it('fails for a file named on the command line without a NetworkPolicy, naming what it holds', async () => {
    await sealedWorkspace({
      'web.yaml': { fixture: 'web-commented.yaml' },
      'config.yaml': { fixture: 'configmap-only.yaml' },
      'empty.yaml': '# nothing yet\n',
    });

    const result = await runCli(
      ['verify', 'config.yaml', 'empty.yaml', 'web.yaml'],
      { cwd: workspace.dir },
    );

    expect(result).toEqual({
      code: 1,
      stdout: [
        'config.yaml: holds no NetworkPolicy, only ConfigMap at line 1; name the files and directories that hold NetworkPolicies, or pass --allow-empty if this file is meant to hold none',
        'empty.yaml: holds no NetworkPolicy (no documents at all); name the files and directories that hold NetworkPolicies, or pass --allow-empty if this file is meant to hold none',
        '2 problems; checked 1 NetworkPolicy in 1 file',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('only warns about such a file with --allow-empty', async () => {
    workspace = await createWorkspace({
      'config.yaml': { fixture: 'configmap-only.yaml' },
    });

    const result = await runCli(['verify', '--allow-empty', 'config.yaml'], {
      cwd: workspace.dir,
    });

    expect(result).toEqual({
      code: 0,
      stdout: 'verified 0 NetworkPolicies in 0 files: all valid and sealed\n',
      stderr:
        'netseal: warning: config.yaml: holds no NetworkPolicy, only ConfigMap at line 1\n',
    });
  });

  it.each([
    ['a misspelt kind', 'kind: NetworkPolcy', '(got "NetworkPolcy")', 4],
    ['another kind of the same API', 'kind: Ingress', '(got "Ingress")', 4],
    ['no kind at all', '', '(it has none)', 3],
  ])(
    'fails for a networking.k8s.io/v1 manifest with %s, naming kind',
    async (_, kindLine, got, line) => {
      const text = (await readFixture('web-commented.yaml')).replace(
        /^kind: NetworkPolicy$/m,
        kindLine,
      );
      workspace = await createWorkspace({ 'policies/web.yaml': text });

      const result = await runCli(['verify', '--json', 'policies'], {
        cwd: workspace.dir,
      });

      expect(result.code).toBe(1);
      expect(JSON.parse(result.stdout)).toContainEqual(
        expect.objectContaining({
          file: 'policies/web.yaml',
          line,
          path: 'kind',
          code: 'invalid',
          message: `must be NetworkPolicy in a manifest of networking.k8s.io/v1 ${got}; correct the kind, or keep manifests of other networking.k8s.io/v1 kinds out of the paths netseal verifies`,
        }),
      );
    },
  );

  it('names kind for such an item of a List, and does not also call a named file empty', async () => {
    workspace = await createWorkspace({
      'list.yaml': [
        'apiVersion: v1',
        'kind: List',
        'items:',
        '- apiVersion: networking.k8s.io/v1',
        '  kind: Networkpolicy',
        '  metadata: {name: web, namespace: shop}',
        '',
      ].join('\n'),
    });

    const result = await runCli(['verify', 'list.yaml'], {
      cwd: workspace.dir,
    });

    expect(result).toEqual({
      code: 1,
      stdout: [
        'list.yaml:5: items[0].kind: must be NetworkPolicy in a manifest of networking.k8s.io/v1 (got "Networkpolicy"); correct the kind, or keep manifests of other networking.k8s.io/v1 kinds out of the paths netseal verifies',
        '1 problem; checked 0 NetworkPolicies in 0 files',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('fails for a directory without a single NetworkPolicy, which is most often a wrong path', async () => {
    workspace = await createWorkspace({
      'charts/config.yaml': { fixture: 'configmap-only.yaml' },
    });

    const result = await runCli(['verify', 'charts'], { cwd: workspace.dir });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^charts: no NetworkPolicy manifests found \(searched \*\.yaml, \*\.yml, \*\.json\)/,
    );
  });

  it('only warns about such a directory with --allow-empty', async () => {
    workspace = await createWorkspace({
      'charts/config.yaml': { fixture: 'configmap-only.yaml' },
    });

    const result = await runCli(['verify', '--allow-empty', 'charts'], {
      cwd: workspace.dir,
    });

    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^netseal: warning: charts: no NetworkPolicy manifests found/,
    );
  });

  it('skips hidden directories and node_modules when searching a directory', async () => {
    workspace = await createWorkspace({
      'policies/web.yaml': { fixture: 'web-commented.yaml' },
      '.github/bad.yaml': { fixture: 'bad-port.yaml' },
      'node_modules/pkg/bad.yaml': { fixture: 'bad-port.yaml' },
    });
    await runCli(['seal', 'policies'], { cwd: workspace.dir });

    const result = await runCli(['verify', '.'], { cwd: workspace.dir });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'verified 1 NetworkPolicy in 1 file: all valid and sealed\n',
    );
  });

  it('calls a seal annotation that is no seal at all stale, with the seal it should have', async () => {
    const text = (await readFixture('stale-seal.yaml')).replace(
      /"sha256:0{64}"/,
      'sha256:not-a-digest',
    );
    workspace = await createWorkspace({ 'db.yaml': text });

    const result = await runCli(['verify', 'db.yaml'], { cwd: workspace.dir });

    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')[1]).toBe(
      `db.yaml:8: metadata.annotations["netseal.io/seal"]: stale (expected ${sealOf(
        text,
      )})`,
    );
  });
});
