import {
  buildGuardManifests,
  GUARD_VERSION,
} from '@netseal/backstage-plugin-netseal-common';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../__testUtils__/runCli';

const ROLLOUT = 'system:serviceaccount:netseal:rollout';

function documentsOf(text: string): unknown[] {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) {
    throw new Error('not a YAML stream');
  }
  return documents.map(document => document.toJS());
}

describe('netseal guard', () => {
  it('prints the guard for the rollout user as YAML for kubectl apply, and nothing else', async () => {
    const result = await runCli(['guard', '--rollout-user', ROLLOUT], {
      cwd: '/',
    });

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(
      new RegExp(`^# Netseal admission guard, version ${GUARD_VERSION}: `),
    );
    expect(documentsOf(result.stdout)).toEqual(
      buildGuardManifests({ rolloutUser: ROLLOUT }),
    );
  });

  it('lists each --delete-exception in the guard parameters, in order', async () => {
    const result = await runCli(
      [
        'guard',
        '--delete-exception',
        'break-glass@example.com',
        '--rollout-user',
        ROLLOUT,
        '--delete-exception',
        'system:admin',
      ],
      { cwd: '/' },
    );

    expect(result.code).toBe(0);
    expect(documentsOf(result.stdout)[1]).toMatchObject({
      kind: 'ConfigMap',
      data: {
        rolloutUser: ROLLOUT,
        'deleteException.0': 'break-glass@example.com',
        'deleteException.1': 'system:admin',
      },
    });
  });

  it('asks for --rollout-user when it is missing, saying what to give, and exits 2', async () => {
    const result = await runCli(['guard'], { cwd: '/' });

    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `netseal: --rollout-user is required: give the Kubernetes username Netseal's rollout identity authenticates as ("kubectl auth whoami" with its credential prints it), e.g. --rollout-user ${ROLLOUT}\n(run 'netseal guard --help' for usage)\n`,
    });
  });

  it('refuses an empty --rollout-user', async () => {
    const result = await runCli(['guard', '--rollout-user', ''], { cwd: '/' });

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^netseal: --rollout-user must not be empty: give the Kubernetes username/,
    );
  });

  it('refuses a username with whitespace, naming the flag and the value', async () => {
    const result = await runCli(
      ['guard', '--rollout-user', ROLLOUT, '--delete-exception', 'jane doe'],
      { cwd: '/' },
    );

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'netseal: --delete-exception must not contain whitespace or control characters (got "jane doe")',
    );
  });

  it('asks for the value of a --rollout-user given without one', async () => {
    const result = await runCli(['guard', '--rollout-user'], { cwd: '/' });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "netseal: option '--rollout-user <user>' argument missing\n",
    );
  });
});
