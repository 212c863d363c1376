import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createWorkspace, readFixture, runCli } from '../__testUtils__/runCli';
import { sealOf } from '../__testUtils__/sealOf';

describe('netseal seal', () => {
  let workspace: Awaited<ReturnType<typeof createWorkspace>>;
  afterEach(async () => {
    await workspace?.cleanup();
  });

  it('adds the sealed label and the seal annotation and keeps comments, key order and blank lines', async () => {
    const original = await readFixture('web-commented.yaml');
    workspace = await createWorkspace({ 'policies/web.yaml': original });

    const result = await runCli(['seal', 'policies/'], { cwd: workspace.dir });

    expect(result.code).toBe(0);
    const seal = sealOf(original);
    expect(await workspace.read('policies/web.yaml'))
      .toBe(`# Web tier: only the ingress controller may reach it.
# Owner: team-web
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-ingress-to-web   # referenced by the runbook
  namespace: prod

  labels:
    app.kubernetes.io/name: web
    netseal.io/sealed: "true"
  annotations:
    netseal.io/seal: ${seal}
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: web
  policyTypes: [Ingress]
  ingress:
  # From the ingress controller's namespace only.
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: ingress-nginx
    ports:
    - protocol: TCP
      port: 8080
`);
    expect(result.stdout).toBe(
      'wrote policies/web.yaml: sealed 1, refreshed 0, labelled 1\nsealed 1, refreshed 0, labelled 1, unchanged 0 in 1 file\n',
    );
  });

  it('changes nothing on a second run, byte for byte', async () => {
    workspace = await createWorkspace({
      'policies/web.yaml': { fixture: 'web-commented.yaml' },
      'policies/all.yaml': { fixture: 'multi-document.yaml' },
    });
    await runCli(['seal', 'policies'], { cwd: workspace.dir });
    const afterFirst = [
      await workspace.read('policies/web.yaml'),
      await workspace.read('policies/all.yaml'),
    ];

    const second = await runCli(['seal', 'policies'], { cwd: workspace.dir });

    expect(second.code).toBe(0);
    expect(second.stdout).toBe(
      'sealed 0, refreshed 0, labelled 0, unchanged 3 in 2 files\n',
    );
    expect([
      await workspace.read('policies/web.yaml'),
      await workspace.read('policies/all.yaml'),
    ]).toEqual(afterFirst);
  });

  it('seals every NetworkPolicy of a multi-document file and leaves the other documents as they were', async () => {
    const original = await readFixture('multi-document.yaml');
    workspace = await createWorkspace({ 'all.yaml': original });

    const result = await runCli(['seal', 'all.yaml'], { cwd: workspace.dir });

    expect(result.code).toBe(0);
    const sealed = await workspace.read('all.yaml');
    const expected = original
      .replace(
        '  namespace: prod\n  annotations:\n    team: web   # who to call\n',
        `  namespace: prod\n  annotations:\n    team: web   # who to call\n    netseal.io/seal: ${sealOf(
          original,
          1,
        )}\n  labels:\n    netseal.io/sealed: "true"\n`,
      )
      .replace(
        '  name: deny-all\n  namespace: prod\n',
        `  name: deny-all\n  namespace: prod\n  labels:\n    netseal.io/sealed: "true"\n  annotations:\n    netseal.io/seal: ${sealOf(
          original,
          3,
        )}\n`,
      );
    expect(sealed).toBe(expected);
  });

  it('refreshes a stale seal in place, keeping its quoting and the comment above it', async () => {
    const original = await readFixture('stale-seal.yaml');
    workspace = await createWorkspace({ 'db.yaml': original });

    const result = await runCli(['seal', 'db.yaml'], { cwd: workspace.dir });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'sealed 0, refreshed 1, labelled 1, unchanged 0 in 1 file',
    );
    expect(await workspace.read('db.yaml')).toBe(
      original.replace(
        /"sha256:0{64}"\n/,
        `"${sealOf(original)}"\n  labels:\n    netseal.io/sealed: "true"\n`,
      ),
    );
  });

  it('seals the NetworkPolicy items of a List and leaves its other items alone', async () => {
    const original = await readFixture('list.yaml');
    workspace = await createWorkspace({ 'list.yaml': original });

    await runCli(['seal', '.'], { cwd: workspace.dir });

    expect(await workspace.read('list.yaml')).toBe(
      original
        .replace(
          '    name: first\n    namespace: prod\n',
          `    name: first\n    namespace: prod\n    labels:\n      netseal.io/sealed: "true"\n    annotations:\n      netseal.io/seal: ${sealOf(
            original,
            0,
            0,
          )}\n`,
        )
        .replace(
          '      tier: backend\n',
          `      tier: backend\n      netseal.io/sealed: "true"\n    annotations:\n      netseal.io/seal: ${sealOf(
            original,
            0,
            2,
          )}\n`,
        ),
    );
  });

  it('keeps a JSON manifest JSON', async () => {
    const original = await readFixture('policy.json');
    workspace = await createWorkspace({ 'policy.json': original });

    await runCli(['seal', '.'], { cwd: workspace.dir });

    const sealed = await workspace.read('policy.json');
    expect(JSON.parse(sealed)).toEqual({
      ...JSON.parse(original),
      metadata: {
        name: 'json-policy',
        namespace: 'prod',
        labels: { 'netseal.io/sealed': 'true' },
        annotations: { 'netseal.io/seal': sealOf(original) },
      },
    });
    expect(sealed).toContain(
      `  "metadata": {\n    "labels": {"netseal.io/sealed": "true"},\n    "annotations": {"netseal.io/seal": "${sealOf(
        original,
      )}"},\n    "name": "json-policy",\n`,
    );
  });

  it('keeps Windows line endings', async () => {
    const original = (await readFixture('web-commented.yaml')).replace(
      /\n/g,
      '\r\n',
    );
    workspace = await createWorkspace({ 'web.yaml': original });

    await runCli(['seal', '.'], { cwd: workspace.dir });

    const sealed = await workspace.read('web.yaml');
    expect(sealed).toContain(
      `  annotations:\r\n    netseal.io/seal: ${sealOf(original)}\r\n`,
    );
    expect(sealed.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('writes the seal into flow-style metadata', async () => {
    const flow =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: a, namespace: prod}\nspec: {podSelector: {}}\n';
    workspace = await createWorkspace({ 'flow.yaml': flow });

    const result = await runCli(['seal', '.'], { cwd: workspace.dir });

    expect(result.code).toBe(0);
    expect(await workspace.read('flow.yaml')).toBe(
      flow.replace(
        '{name: a',
        `{"labels": {"netseal.io/sealed": "true"}, "annotations": {"netseal.io/seal": "${sealOf(
          flow,
        )}"}, name: a`,
      ),
    );
  });

  it('replaces a seal annotation that is no seal at all, even written as a block scalar', async () => {
    const malformed =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: b\n  namespace: prod\n  labels:\n    netseal.io/sealed: "true"\n  annotations:\n    netseal.io/seal: >-\n      sha256:old\n    team: web\nspec:\n  podSelector: {}\n';
    workspace = await createWorkspace({ 'malformed.yaml': malformed });

    const result = await runCli(['seal', '.'], { cwd: workspace.dir });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'sealed 0, refreshed 1, labelled 0, unchanged 0 in 1 file',
    );
    expect(await workspace.read('malformed.yaml')).toBe(
      malformed.replace('sha256:old', sealOf(malformed)),
    );
  });

  it('refuses to write one seal into metadata that two policies share through an alias', async () => {
    const shared = `apiVersion: v1
kind: List
items:
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: &shared
    name: one
    namespace: prod
  spec:
    podSelector: {}
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: *shared
  spec:
    podSelector:
      matchLabels: {app: web}
`;
    workspace = await createWorkspace({ 'shared.yaml': shared });

    const result = await runCli(['seal', '.'], { cwd: workspace.dir });

    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      'shared.yaml: could not write the seal without changing anything else in the file;',
    );
    expect(await workspace.read('shared.yaml')).toBe(shared);
  });

  it('reports invalid policies like verify, seals the valid ones, and exits 1', async () => {
    const badPort = await readFixture('bad-port.yaml');
    workspace = await createWorkspace({
      'bad-port.yaml': badPort,
      'web.yaml': { fixture: 'web-commented.yaml' },
    });

    const result = await runCli(['seal', '.'], { cwd: workspace.dir });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^bad-port\.yaml:17: spec\.ingress\[0\]\.ports\[0\]\.port: .+$/m,
    );
    expect(result.stdout).toContain(
      'sealed 1, refreshed 0, labelled 1, unchanged 0 in 2 files; 1 invalid policy not sealed\n',
    );
    expect(await workspace.read('bad-port.yaml')).toBe(badPort);
    expect(await workspace.read('web.yaml')).toContain(
      'netseal.io/seal: sha256:',
    );
  });

  it('writes nothing at all when a file cannot be parsed', async () => {
    const web = await readFixture('web-commented.yaml');
    workspace = await createWorkspace({
      'web.yaml': web,
      'broken.yaml': { fixture: 'not-yaml.yaml' },
    });

    const result = await runCli(['seal', '.'], { cwd: workspace.dir });

    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      'nothing written: netseal could not read every file',
    );
    expect(await workspace.read('web.yaml')).toBe(web);
  });

  it('replaces files whole, leaving no temporary files and keeping the file mode', async () => {
    workspace = await createWorkspace({
      'web.yaml': { fixture: 'web-commented.yaml' },
    });
    await fs.chmod(path.join(workspace.dir, 'web.yaml'), 0o640);

    await runCli(['seal', '.'], { cwd: workspace.dir });

    expect(await fs.readdir(workspace.dir)).toEqual(['web.yaml']);
    const { mode } = await fs.stat(path.join(workspace.dir, 'web.yaml'));
    expect(mode & 0o777).toBe(0o640);
  });

  it('seals the file a symbolic link points at, and keeps the link', async () => {
    workspace = await createWorkspace({
      'real/web.yaml': { fixture: 'web-commented.yaml' },
    });
    await fs.symlink(
      path.join(workspace.dir, 'real/web.yaml'),
      path.join(workspace.dir, 'link.yaml'),
    );

    await runCli(['seal', 'link.yaml'], { cwd: workspace.dir });

    expect(
      (await fs.lstat(path.join(workspace.dir, 'link.yaml'))).isSymbolicLink(),
    ).toBe(true);
    expect(await workspace.read('real/web.yaml')).toContain(
      'netseal.io/seal: sha256:',
    );
  });

  describe('--check', () => {
    it('exits 0 and changes nothing when every seal matches', async () => {
      workspace = await createWorkspace({
        'web.yaml': { fixture: 'web-commented.yaml' },
      });
      await runCli(['seal', '.'], { cwd: workspace.dir });
      const sealed = await workspace.read('web.yaml');

      const result = await runCli(['seal', '--check', '.'], {
        cwd: workspace.dir,
      });

      expect(result.code).toBe(0);
      expect(result.stdout).toBe(
        'would seal 0, would refresh 0, would label 0, unchanged 1 in 1 file; nothing written (--check)\n',
      );
      expect(await workspace.read('web.yaml')).toBe(sealed);
    });

    it('exits 1 and lists each missing or stale seal and missing sealed label at its line, changing nothing', async () => {
      const web = await readFixture('web-commented.yaml');
      const db = await readFixture('stale-seal.yaml');
      workspace = await createWorkspace({ 'web.yaml': web, 'db.yaml': db });

      const result = await runCli(['seal', '--check', '.'], {
        cwd: workspace.dir,
      });

      expect(result.code).toBe(1);
      expect(result.stdout).toBe(
        [
          'db.yaml:3: metadata.labels["netseal.io/sealed"]: missing: sealed manifests carry netseal.io/sealed: "true" so the admission guard can protect them; run netseal seal',
          `db.yaml:8: metadata.annotations["netseal.io/seal"]: stale (expected ${sealOf(
            db,
          )})`,
          `web.yaml:5: metadata.annotations["netseal.io/seal"]: missing (expected ${sealOf(
            web,
          )})`,
          'web.yaml:9: metadata.labels["netseal.io/sealed"]: missing: sealed manifests carry netseal.io/sealed: "true" so the admission guard can protect them; run netseal seal',
          'would seal 1, would refresh 1, would label 2, unchanged 0 in 2 files; nothing written (--check)',
          'run netseal seal without --check to write the missing and stale seals and sealed labels',
          '',
        ].join('\n'),
      );
      expect(await workspace.read('web.yaml')).toBe(web);
      expect(await workspace.read('db.yaml')).toBe(db);
    });
  });
});
