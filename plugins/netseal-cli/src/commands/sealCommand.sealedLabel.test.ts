import { createWorkspace, runCli } from '../__testUtils__/runCli';
import { digestOf, sealOf } from '../__testUtils__/sealOf';

const MISSING =
  'missing: sealed manifests carry netseal.io/sealed: "true" so the admission guard can protect them; run netseal seal';

/** A policy whose `metadata` block is the given lines (indented two spaces). */
function policy(metadataLines: string[]): string {
  return [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    ...metadataLines.map(line => `  ${line}`),
    'spec:',
    '  podSelector: {}',
    '',
  ].join('\n');
}

describe('the sealed label netseal.io/sealed: "true"', () => {
  let workspace: Awaited<ReturnType<typeof createWorkspace>>;
  afterEach(async () => {
    await workspace?.cleanup();
  });

  async function sealOne(text: string) {
    workspace = await createWorkspace({ 'p.yaml': text });
    const result = await runCli(['seal', 'p.yaml'], { cwd: workspace.dir });
    return { result, written: await workspace.read('p.yaml') };
  }

  describe('netseal seal', () => {
    it('adds a labels map after the last entry of block metadata, before the new annotations', async () => {
      const text = policy(['name: web', 'namespace: prod']);

      const { result, written } = await sealOne(text);

      expect(result.code).toBe(0);
      expect(written).toBe(
        policy([
          'name: web',
          'namespace: prod',
          'labels:',
          '  netseal.io/sealed: "true"',
          'annotations:',
          `  netseal.io/seal: ${sealOf(text)}`,
        ]),
      );
    });

    it('adds the label as the last entry of a block labels map, keeping its comments', async () => {
      const text = policy([
        'name: web',
        'labels:',
        '  # who owns it',
        '  team: web   # on call: #web',
        'namespace: prod',
      ]);

      const { written } = await sealOne(text);

      expect(written).toBe(
        policy([
          'name: web',
          'labels:',
          '  # who owns it',
          '  team: web   # on call: #web',
          '  netseal.io/sealed: "true"',
          'namespace: prod',
          'annotations:',
          `  netseal.io/seal: ${sealOf(text)}`,
        ]),
      );
    });

    it('adds the label to a flow-style labels map, and fills an empty one', async () => {
      const flow = policy([
        'name: web',
        'namespace: prod',
        'labels: {team: web}',
      ]);
      const empty = policy(['name: web', 'namespace: prod', 'labels: {}']);
      workspace = await createWorkspace({
        'flow.yaml': flow,
        'empty.yaml': empty,
      });

      const result = await runCli(['seal', '.'], { cwd: workspace.dir });

      expect(result.code).toBe(0);
      expect(await workspace.read('flow.yaml')).toBe(
        policy([
          'name: web',
          'namespace: prod',
          'labels: {"netseal.io/sealed": "true", team: web}',
          'annotations:',
          `  netseal.io/seal: ${sealOf(flow)}`,
        ]),
      );
      expect(await workspace.read('empty.yaml')).toBe(
        policy([
          'name: web',
          'namespace: prod',
          'labels: {"netseal.io/sealed": "true"}',
          'annotations:',
          `  netseal.io/seal: ${sealOf(empty)}`,
        ]),
      );
    });

    it.each([
      ['"false"', '"true"'],
      ["'no'", "'true'"],
      ['nope', '"true"'],
    ])(
      'corrects the value %s to %s in its own quoting, never as a plain true that YAML reads as a boolean',
      async (wrong, right) => {
        const text = policy([
          'name: web',
          'namespace: prod',
          'labels:',
          `  netseal.io/sealed: ${wrong}`,
        ]);

        const { result, written } = await sealOne(text);

        expect(result.stdout).toBe(
          'wrote p.yaml: sealed 1, refreshed 0, labelled 1\nsealed 1, refreshed 0, labelled 1, unchanged 0 in 1 file\n',
        );
        expect(written).toBe(
          policy([
            'name: web',
            'namespace: prod',
            'labels:',
            `  netseal.io/sealed: ${right}`,
            'annotations:',
            `  netseal.io/seal: ${sealOf(text)}`,
          ]),
        );
      },
    );

    it('refuses an unquoted true, which is a boolean and no label value, and says to quote it', async () => {
      const text = policy([
        'name: web',
        'namespace: prod',
        'labels:',
        '  netseal.io/sealed: true',
      ]);

      const { result, written } = await sealOne(text);

      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /^p\.yaml:7: metadata\.labels\["netseal\.io\/sealed"\]: .*quote it: "true"/m,
      );
      expect(written).toBe(text);
    });

    it('seals over the labelled manifest, so that verify then passes, and a second run changes nothing', async () => {
      const text = policy(['name: web', 'namespace: prod']);
      const { written } = await sealOne(text);

      expect(written).toContain(`netseal.io/seal: ${sealOf(text)}`);
      expect(await runCli(['verify', '.'], { cwd: workspace.dir })).toEqual({
        code: 0,
        stdout: 'verified 1 NetworkPolicy in 1 file: all valid and sealed\n',
        stderr: '',
      });
      const again = await runCli(['seal', '.'], { cwd: workspace.dir });
      expect(again.stdout).toBe(
        'sealed 0, refreshed 0, labelled 0, unchanged 1 in 1 file\n',
      );
      expect(await workspace.read('p.yaml')).toBe(written);
    });

    it('labels and reseals a policy sealed before the label was required', async () => {
      const unlabelled = policy(['name: web', 'namespace: prod']);
      const text = policy([
        'name: web',
        'namespace: prod',
        'annotations:',
        `  netseal.io/seal: ${digestOf(unlabelled)}`,
      ]);

      const { result, written } = await sealOne(text);

      expect(result.stdout).toBe(
        'wrote p.yaml: sealed 0, refreshed 1, labelled 1\nsealed 0, refreshed 1, labelled 1, unchanged 0 in 1 file\n',
      );
      expect(written).toBe(
        policy([
          'name: web',
          'namespace: prod',
          'annotations:',
          `  netseal.io/seal: ${sealOf(text)}`,
          'labels:',
          '  netseal.io/sealed: "true"',
        ]),
      );
    });

    it('only puts the label back when it was removed after sealing', async () => {
      const sealed = policy([
        'name: web',
        'namespace: prod',
        'labels: {netseal.io/sealed: "true"}',
        'annotations:',
        `  netseal.io/seal: ${sealOf(
          policy(['name: web', 'namespace: prod']),
        )}`,
      ]);
      const removed = sealed.replace(
        'labels: {netseal.io/sealed: "true"}',
        'labels: {}',
      );

      const { result, written } = await sealOne(removed);

      expect(result.stdout).toBe(
        'wrote p.yaml: sealed 0, refreshed 0, labelled 1\nsealed 0, refreshed 0, labelled 1, unchanged 0 in 1 file\n',
      );
      expect(written).toBe(
        sealed.replace(
          'labels: {netseal.io/sealed: "true"}',
          'labels: {"netseal.io/sealed": "true"}',
        ),
      );
    });
  });

  describe('netseal verify and seal --check', () => {
    it('report a missing label at the line of the labels map, or of metadata when there is none, and exit 1', async () => {
      workspace = await createWorkspace({
        'labels.yaml': policy([
          'name: a',
          'namespace: prod',
          'labels:',
          '  team: a',
        ]),
        'none.yaml': policy(['name: b', 'namespace: prod']),
      });

      for (const argv of [
        ['verify', '.'],
        ['seal', '--check', '.'],
      ]) {
        const result = await runCli(argv, { cwd: workspace.dir });

        expect(result.code).toBe(1);
        expect(result.stdout).toContain(
          `labels.yaml:6: metadata.labels["netseal.io/sealed"]: ${MISSING}\n`,
        );
        expect(result.stdout).toContain(
          `none.yaml:3: metadata.labels["netseal.io/sealed"]: ${MISSING}\n`,
        );
      }
    });

    it('report a wrong value at its own line, with the value found', async () => {
      workspace = await createWorkspace({
        'p.yaml': policy([
          'name: a',
          'namespace: prod',
          'labels:',
          '  team: a',
          '  netseal.io/sealed: "false"',
        ]),
      });

      const result = await runCli(['verify', '--json', '.'], {
        cwd: workspace.dir,
      });

      expect(result.code).toBe(1);
      expect(JSON.parse(result.stdout)).toContainEqual({
        file: 'p.yaml',
        line: 8,
        document: 1,
        kind: 'NetworkPolicy',
        name: 'a',
        namespace: 'prod',
        path: 'metadata.labels["netseal.io/sealed"]',
        message:
          'must be "true" (got "false"): sealed manifests carry netseal.io/sealed: "true" so the admission guard can protect them; run netseal seal',
        code: 'sealed-label',
      });
    });

    it('report only the label, not a stale seal, for a policy sealed before the label was required', async () => {
      const unlabelled = policy(['name: web', 'namespace: prod']);
      workspace = await createWorkspace({
        'p.yaml': policy([
          'name: web',
          'namespace: prod',
          'annotations:',
          `  netseal.io/seal: ${digestOf(unlabelled)}`,
        ]),
      });

      const result = await runCli(['seal', '--check', '.'], {
        cwd: workspace.dir,
      });

      expect(result).toEqual({
        code: 1,
        stdout: [
          `p.yaml:3: metadata.labels["netseal.io/sealed"]: ${MISSING}`,
          'would seal 0, would refresh 1, would label 1, unchanged 0 in 1 file; nothing written (--check)',
          'run netseal seal without --check to write the missing and stale seals and sealed labels',
          '',
        ].join('\n'),
        stderr: '',
      });
    });
  });
});
