import { createWorkspace, readFixture, runCli } from '../__testUtils__/runCli';

// Worker threads share the files out on large inputs; what the user sees must not depend on
// how many there were. NETSEAL_WORKERS forces them here, on a small workspace.

describe('netseal verify and seal with worker threads', () => {
  let workspace: Awaited<ReturnType<typeof createWorkspace>>;
  afterEach(async () => {
    await workspace?.cleanup();
  });

  async function files() {
    return {
      'p/a-web.yaml': { fixture: 'web-commented.yaml' },
      'p/b-db.yaml': { fixture: 'stale-seal.yaml' },
      'p/c-bad-port.yaml': { fixture: 'bad-port.yaml' },
      'p/d-all.yaml': { fixture: 'multi-document.yaml' },
      'p/e-config.yaml': { fixture: 'configmap-only.yaml' },
      'p/f-list.yaml': { fixture: 'list.yaml' },
      'p/g-ambiguous.yaml': { fixture: 'ambiguous.yaml' },
      'named.yaml': await readFixture('configmap-only.yaml'),
    };
  }

  it('prints exactly what a single thread prints, problems and summaries alike', async () => {
    workspace = await createWorkspace(await files());
    const env = (workers: number) => ({ NETSEAL_WORKERS: String(workers) });
    const runs = [
      ['verify', 'p', 'named.yaml'],
      ['verify', '--json', 'p'],
      ['seal', '--check', 'p'],
    ];
    for (const argv of runs) {
      const single = await runCli(argv, { cwd: workspace.dir, env: env(0) });
      const parallel = await runCli(argv, { cwd: workspace.dir, env: env(3) });
      expect(parallel).toEqual(single);
      expect(single.code).toBe(1);
    }

    const sealedInParallel = await runCli(['seal', 'p'], {
      cwd: workspace.dir,
      env: env(3),
    });
    const texts = await Promise.all(
      ['a-web', 'b-db', 'd-all', 'f-list'].map(name =>
        workspace.read(`p/${name}.yaml`),
      ),
    );
    await workspace.cleanup();

    workspace = await createWorkspace(await files());
    const sealedAlone = await runCli(['seal', 'p'], {
      cwd: workspace.dir,
      env: env(0),
    });
    expect(sealedInParallel).toEqual(sealedAlone);
    expect(
      await Promise.all(
        ['a-web', 'b-db', 'd-all', 'f-list'].map(name =>
          workspace.read(`p/${name}.yaml`),
        ),
      ),
    ).toEqual(texts);
  }, 60_000);
});
