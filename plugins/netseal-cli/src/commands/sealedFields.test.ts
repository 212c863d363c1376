import { createWorkspace, readFixture, runCli } from '../__testUtils__/runCli';

/** web-commented.yaml with `line` added under its `metadata:` (indented two spaces). */
async function webWith(metadataLines: string, rootLines = '') {
  const text = await readFixture('web-commented.yaml');
  return `${text.replace(
    /^metadata:\n/m,
    `metadata:\n${metadataLines}`,
  )}${rootLines}`;
}

/**
 * `netseal seal` and `netseal verify` hold a manifest to the one list of what a sealed
 * manifest may carry (netseal-common's validateSealedManifest), as the API and the
 * rollout do: runtime metadata is an invalid policy, named by its path, never sealed.
 */
describe('netseal seal and verify, fields outside a sealed manifest', () => {
  let workspace: Awaited<ReturnType<typeof createWorkspace>> | undefined;
  afterEach(async () => {
    await workspace?.cleanup();
    workspace = undefined;
  });

  it.each([
    [
      'finalizers',
      () => webWith('  finalizers: [example.com/hold]\n'),
      'metadata.finalizers: is runtime metadata',
    ],
    [
      'ownerReferences',
      () =>
        webWith(
          '  ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: x, uid: u}]\n',
        ),
      'metadata.ownerReferences: is runtime metadata',
    ],
    [
      'resourceVersion',
      () => webWith('  resourceVersion: "42"\n'),
      'metadata.resourceVersion: is runtime metadata',
    ],
    [
      'deletionTimestamp',
      () => webWith('  deletionTimestamp: "2026-01-01T00:00:00Z"\n'),
      'metadata.deletionTimestamp: is runtime metadata',
    ],
    [
      'generateName',
      () => webWith('  generateName: web-\n'),
      'metadata.generateName: is not sealed',
    ],
    ['status', () => webWith('', 'status: {}\n'), 'status: is not sealed'],
    [
      'the guard label',
      async () =>
        (await readFixture('web-commented.yaml')).replace(
          '    app.kubernetes.io/name: web\nspec:',
          '    app.kubernetes.io/name: web\n    netseal.io/guard: r1\nspec:',
        ),
      'metadata.labels["netseal.io/guard"]: is reserved',
    ],
  ])(
    'refuses a policy with %s, naming its path, and seals nothing',
    async (_field, text, expected) => {
      const original = await text();
      workspace = await createWorkspace({ 'p/web.yaml': original });

      const seal = await runCli(['seal', 'p'], { cwd: workspace.dir });
      const verify = await runCli(['verify', 'p'], { cwd: workspace.dir });

      expect(seal.code).not.toBe(0);
      expect(await workspace.read('p/web.yaml')).toBe(original);
      expect(verify.code).toBe(1);
      expect(verify.stdout).toMatch(
        new RegExp(
          `^p/web\\.yaml:\\d+: ${expected.replace(/[.[\]]/g, '\\$&')}`,
          'm',
        ),
      );
    },
  );

  it('still digests a live object with its runtime metadata, as kubectl prints it', async () => {
    const live = await webWith(
      '  resourceVersion: "42"\n  uid: 5c3c0b1e-0000-4000-8000-000000000001\n  finalizers: [example.com/hold]\n',
      'status: {}\n',
    );
    workspace = await createWorkspace({ 'live.yaml': live });

    const digest = await runCli(['digest', 'live.yaml'], {
      cwd: workspace.dir,
    });

    expect(digest).toEqual({
      code: 0,
      stdout: expect.stringMatching(/^sha256:[0-9a-f]{64}\n$/),
      stderr: '',
    });
  });
});
