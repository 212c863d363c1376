import { runCli } from './__testUtils__/runCli';

describe('help', () => {
  it('lists every command with examples and the exit codes', async () => {
    const result = await runCli(['--help'], { cwd: '/' });

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: netseal \[options\] \[command\]/);
    for (const text of [
      'seal [options] <path...>',
      'verify [options] <path...>',
      'digest <file>',
      'reach [options] <snapshot> <probes>',
      'diff [options] <snapshot> <old> <new>',
      'guard [options]',
      'netseal guard --rollout-user system:serviceaccount:netseal:rollout | kubectl apply -f -',
      'netseal reach cluster.json probes.jsonl',
      'netseal diff cluster.json base/policies/ policies/',
      'netseal verify policies/',
      'netseal seal --check policies/',
      'netseal digest policies/prod/web.yaml',
      'Exit codes:',
      '  0  success',
      '  1  problems in the manifests',
      '  2  usage error',
      'over 5 MiB',
      'NETSEAL_DEBUG=1',
    ]) {
      expect(result.stdout).toContain(text);
    }
  });

  it.each([
    [
      'seal',
      [
        '--check',
        'netseal.io/sealed: "true"',
        'netseal seal --check policies/',
        'Exit codes:',
      ],
    ],
    [
      'verify',
      [
        '--json',
        'netseal.io/sealed: "true"',
        'sealed-label',
        'netseal verify --json policies/',
        'Exit codes:',
      ],
    ],
    [
      'digest',
      [
        'netseal digest policies/prod/web.yaml',
        'netseal digest -',
        'Exit codes:',
      ],
    ],
    [
      'reach',
      [
        '--text',
        'kubectl get namespaces,pods,networkpolicies -A -o json',
        '{"from": "shop/web-0", "to": "data/db-0", "port": 5432}',
        'netseal reach cluster.json probes.jsonl',
        'Exit codes:',
      ],
    ],
    [
      'diff',
      [
        '--json',
        '--port <port>',
        '--protocol <protocol>',
        "before = the live policies, those in OLD replaced by OLD's version;",
        "after  = the live policies in neither OLD nor NEW, plus NEW's.",
        '"any other port"',
        'netseal diff --port 5432 --port 53/UDP cluster.json /tmp/base/policies policies',
        'Exit codes:',
      ],
    ],
    [
      'guard',
      [
        '--rollout-user <user>',
        '--delete-exception <user>',
        'the namespace controller',
        'use the Netseal portal or open a replacement',
        'netseal guard --rollout-user system:serviceaccount:netseal:rollout | kubectl apply -f -',
        'Exit codes:',
      ],
    ],
  ])('documents %s with its options and examples', async (command, texts) => {
    const result = await runCli([command, '--help'], { cwd: '/' });

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: netseal ${command} `));
    for (const text of texts) {
      expect(result.stdout).toContain(text);
    }
  });

  it('prints the usage on stderr and exits 2 when no command is given', async () => {
    const result = await runCli([], { cwd: '/' });

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Usage: netseal/);
  });

  it('prints its version', async () => {
    const result = await runCli(['--version'], { cwd: '/' });

    expect(result).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });
});
