import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { version } from '../package.json';
import { runCli } from './__testUtils__/runCli';

// examples/policy-repo shows a policy repository's CI. Its policies must pass the verify it
// runs, its workflow must pin this very CLI, and the diff it posts must be what netseal
// diff gives for a pull request against it.

const exampleDir = path.resolve(__dirname, '../../../examples/policy-repo');
const fixtures = path.resolve(__dirname, '__fixtures__');

interface WorkflowStep {
  run?: string;
}

interface Workflow {
  env: Record<string, string>;
  jobs: Record<string, { steps: WorkflowStep[] }>;
}

describe('examples/policy-repo', () => {
  it('holds policies that pass the verify its workflow runs', async () => {
    const result = await runCli(['verify', 'policies/'], { cwd: exampleDir });

    expect(result).toEqual({
      code: 0,
      stdout: 'verified 7 NetworkPolicies in 7 files: all valid and sealed\n',
      stderr: '',
    });
  });

  it('runs this version of the CLI, and only its verify and diff commands', async () => {
    const workflow: Workflow = parse(
      await fs.readFile(
        path.join(exampleDir, '.github/workflows/netseal.yml'),
        'utf8',
      ),
    );
    const readme = await fs.readFile(
      path.join(exampleDir, 'README.md'),
      'utf8',
    );

    expect(workflow.env.NETSEAL).toBe(
      `npx --yes @netseal/netseal-cli@${version}`,
    );
    const pins = new Set(
      [...readme.matchAll(/@netseal\/netseal-cli@([\w.-]+)/g)].map(
        match => match[1],
      ),
    );
    expect([...pins]).toEqual([version]);
    const commands = Object.values(workflow.jobs)
      .flatMap(job => job.steps)
      .flatMap(step => [...(step.run ?? '').matchAll(/\$NETSEAL (\w+)/g)])
      .map(match => match[1]);
    expect(new Set(commands)).toEqual(new Set(['verify', 'diff']));
  });

  it('gives the access-changes comment of a pull request against its policies', async () => {
    const result = await runCli(
      [
        'diff',
        path.join(fixtures, 'cluster.json'),
        path.join(exampleDir, 'policies/prod'),
        path.join(fixtures, 'diff/new'),
      ],
      { cwd: exampleDir },
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '2 changed (data/db-from-api, shop/worker-egress), 1 added (shop/metrics-from-prometheus), 1 removed (shop/api-admin-from-legacy)',
    );
    expect(result.stdout).toContain('In all: 5 flows open, 2 flows close.');
  });
});
