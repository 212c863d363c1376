import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  rolloutUser,
  sealGuardBinding,
  sealGuardParams,
  sealGuardPolicy,
} from './__fixtures__/sealGuard';
import { startFleetServer } from './__fixtures__/startFleetServer';
import { calicoNetworkPolicyResources } from './resources/networkPolicyApiResources';
import { KubeApiTestServer } from './startKubeApiTestServer';

jest.setTimeout(60_000);

const install =
  'kubectl v1.32 is needed: install it with `apt-get update && apt-get install -y kubectl`';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

describe('kubectl 1.32 against the test server', () => {
  let server: KubeApiTestServer;
  let home: string;
  let env: NodeJS.ProcessEnv;

  const kubectl = (
    args: string[],
    extraEnv: NodeJS.ProcessEnv = {},
  ): Promise<Result> =>
    new Promise((resolve, reject) => {
      execFile(
        'kubectl',
        args,
        { env: { ...env, ...extraEnv }, timeout: 20_000 },
        (error, stdout, stderr) => {
          if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
            reject(new Error(install));
            return;
          }
          resolve({
            code: error ? Number(error.code ?? 1) : 0,
            stdout,
            stderr,
          });
        },
      );
    });

  it('is run with kubectl 1.32', async () => {
    const version = await new Promise<string>((resolve, reject) =>
      execFile(
        'kubectl',
        ['version', '--client', '-o', 'json'],
        { timeout: 20_000 },
        (error, stdout) =>
          error
            ? reject(new Error(`${install} (${error.message})`))
            : resolve(stdout),
      ),
    );
    expect(JSON.parse(version).clientVersion.minor).toMatch(/^32/);
  });

  beforeEach(async () => {
    server = await startFleetServer();
    home = mkdtempSync(join(tmpdir(), 'kubectl-home-'));
    const kubeconfig = join(home, 'kubeconfig');
    writeFileSync(kubeconfig, server.kubeconfig('admin'));
    env = { PATH: process.env.PATH, HOME: home, KUBECONFIG: kubeconfig };
  });

  afterEach(async () => {
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('lists policies of all namespaces as a table', async () => {
    const result = await kubectl(['get', 'netpol', '-A']);
    expect(result.stderr).toBe('');
    const lines = result.stdout
      .trim()
      .split('\n')
      .map(l => l.split(/\s+/));
    expect(lines.map(l => l.slice(0, 3))).toEqual([
      ['NAMESPACE', 'NAME', 'POD-SELECTOR'],
      ['shop', 'allow-web', 'app=web'],
      ['shop', 'deny-all', '<none>'],
    ]);
  });

  it('reads networking.k8s.io for `networkpolicy` where Calico’s kind is served too, as a real cluster lists built-in groups first', async () => {
    await server.stop();
    server = await startFleetServer({
      extraResources: calicoNetworkPolicyResources,
    });
    writeFileSync(join(home, 'kubeconfig'), server.kubeconfig('admin'));
    const result = await kubectl(['get', 'networkpolicy', '-A', '-o', 'name']);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toEqual([
      'networkpolicy.networking.k8s.io/allow-web',
      'networkpolicy.networking.k8s.io/deny-all',
    ]);
  });

  it('prints a policy as YAML the way a real cluster does', async () => {
    const result = await kubectl([
      'get',
      'netpol',
      'allow-web',
      '-n',
      'shop',
      '-o',
      'yaml',
    ]);
    expect(result.stdout).toMatch(
      /^apiVersion: networking\.k8s\.io\/v1\nkind: NetworkPolicy\nmetadata:\n {2}creationTimestamp: "[^"]+"\n {2}generation: 1\n/,
    );
    expect(result.stdout).toContain('    - port: 8080\n      protocol: TCP\n');
    expect(result.stdout).toContain('  policyTypes:\n  - Ingress\n');
    expect(result.stdout).not.toContain('managedFields');
  });

  it('applies a new manifest, then applies a change to it', async () => {
    const manifest = join(home, 'api.yaml');
    const write = (except: string) =>
      writeFileSync(
        manifest,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  egress:
  - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [${except}]}}]
`,
      );
    write('10.1.0.0/16');
    expect((await kubectl(['apply', '-f', manifest])).stdout).toBe(
      'networkpolicy.networking.k8s.io/api created\n',
    );
    write('10.2.0.0/16');
    expect((await kubectl(['apply', '-f', manifest])).stdout).toBe(
      'networkpolicy.networking.k8s.io/api configured\n',
    );
    const except = await kubectl([
      'get',
      'netpol',
      'api',
      '-n',
      'shop',
      '-o',
      'jsonpath={.spec.egress[0].to[0].ipBlock.except}{" "}{.spec.policyTypes}',
    ]);
    expect(except.stdout).toBe('["10.2.0.0/16"] ["Ingress","Egress"]');
  });

  it('applies an admission guard, lists it, and prints the guard’s denial of a forbidden apply', async () => {
    const guard = join(home, 'guard.yaml');
    writeFileSync(
      guard,
      [...sealGuardParams, sealGuardPolicy(), sealGuardBinding()]
        .map(o => stringify(o))
        .join('---\n'),
    );
    const applied = await kubectl(['apply', '-f', guard]);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toContain(
      'validatingadmissionpolicy.admissionregistration.k8s.io/netseal-guard created',
    );
    const listed = await kubectl(['get', 'validatingadmissionpolicybindings']);
    expect(listed.stdout).toMatch(
      /netseal-guard\s+netseal-guard\s+netseal-system\/netseal-guard/,
    );

    const manifest = join(home, 'allow-web.yaml');
    writeFileSync(
      manifest,
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-web, namespace: shop, labels: {netseal.io/sealed: "true"}}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - ports: [{port: 9090}]
`,
    );
    const result = await kubectl(['apply', '-f', manifest]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `ValidatingAdmissionPolicy 'netseal-guard' with binding 'netseal-guard' denied request: sealed NetworkPolicy allow-web may change only through a rollout by ${rolloutUser}`,
    );
  });

  it('refuses an unknown field on apply, as strict server-side validation does', async () => {
    const manifest = join(home, 'typo.yaml');
    writeFileSync(
      manifest,
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: typo, namespace: shop}\nspec: {podSelector: {}, ingres: []}\n',
    );
    const result = await kubectl(['apply', '-f', manifest]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      'strict decoding error: unknown field "spec.ingres"',
    );
  });

  it('patches with merge, strategic and JSON patches', async () => {
    const patch = (type: string, body: string) =>
      kubectl([
        'patch',
        'netpol',
        'allow-web',
        '-n',
        'shop',
        `--type=${type}`,
        '-p',
        body,
      ]);
    expect(
      (await patch('merge', '{"metadata":{"labels":{"drift":"yes"}}}')).stdout,
    ).toContain('patched');
    expect(
      (
        await patch(
          'strategic',
          '{"spec":{"ingress":[{"ports":[{"port":443}]}]}}',
        )
      ).stdout,
    ).toContain('patched');
    expect(
      (
        await patch(
          'json',
          '[{"op":"replace","path":"/spec/ingress/0/ports/0/port","value":8443}]',
        )
      ).stdout,
    ).toContain('patched');
    const result = await kubectl([
      'get',
      'netpol',
      'allow-web',
      '-n',
      'shop',
      '-o',
      'jsonpath={.metadata.labels.drift} {.spec.ingress} {.metadata.generation}',
    ]);
    // The strategic patch replaced the ingress list whole: NetworkPolicy lists have no merge key.
    expect(result.stdout).toBe(
      'yes [{"ports":[{"port":8443,"protocol":"TCP"}]}] 3',
    );
  });

  it('reports an invalid patch with the field that is wrong', async () => {
    const result = await kubectl([
      'patch',
      'netpol',
      'allow-web',
      '-n',
      'shop',
      '--type=merge',
      '-p',
      '{"spec":{"ingress":[{"ports":[{"port":70000}]}]}}',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      'The NetworkPolicy "allow-web" is invalid: spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
    );
  });

  it('edits a policy through KUBE_EDITOR, which is how drift is made by hand', async () => {
    const editor = join(home, 'editor.sh');
    writeFileSync(
      editor,
      '#!/bin/sh\nsed -i "s/port: 8080/port: 9090/" "$1"\n',
    );
    chmodSync(editor, 0o755);
    const result = await kubectl(
      ['edit', 'netpol', 'allow-web', '-n', 'shop'],
      { KUBE_EDITOR: editor },
    );
    expect(result.stdout).toBe(
      'networkpolicy.networking.k8s.io/allow-web edited\n',
    );
    const port = await kubectl([
      'get',
      'netpol',
      'allow-web',
      '-n',
      'shop',
      '-o',
      'jsonpath={.spec.ingress[0].ports[0].port} {.metadata.generation}',
    ]);
    expect(port.stdout).toBe('9090 2');
  });

  it('deletes a policy and waits until it is gone', async () => {
    expect(
      (await kubectl(['delete', 'netpol', 'deny-all', '-n', 'shop'])).stdout,
    ).toBe('networkpolicy.networking.k8s.io "deny-all" deleted\n');
    const result = await kubectl(['get', 'netpol', 'deny-all', '-n', 'shop']);
    expect(result.stderr).toContain(
      'Error from server (NotFound): networkpolicies.networking.k8s.io "deny-all" not found',
    );
  });

  it('answers kubectl auth can-i from the token rights', async () => {
    expect(
      (await kubectl(['auth', 'can-i', 'delete', 'netpol', '-n', 'shop']))
        .stdout,
    ).toBe('yes\n');
    const reader = ['--context', 'kube-api-test-server-reader'];
    expect(
      (await kubectl([...reader, 'auth', 'can-i', 'list', 'netpol', '-A']))
        .stdout,
    ).toBe('yes\n');
    expect(
      (
        await kubectl([
          ...reader,
          'auth',
          'can-i',
          'delete',
          'netpol',
          '-n',
          'shop',
        ])
      ).stdout,
    ).toBe('no\n');
    const denied = await kubectl([
      ...reader,
      'delete',
      'netpol',
      'deny-all',
      '-n',
      'shop',
    ]);
    expect(denied.stderr).toContain(
      'User "alice" cannot delete resource "networkpolicies" in API group "networking.k8s.io" in the namespace "shop"',
    );
  });

  it('watches policies and prints a change as it happens', async () => {
    const watcher = spawn(
      'kubectl',
      ['get', 'netpol', '-n', 'shop', '-w', '--output-watch-events'],
      { env },
    );
    let output = '';
    const seen = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`kubectl -w did not print ${text}; got:\n${output}`),
            ),
          20_000,
        );
        const check = () => {
          if (output.includes(text)) {
            clearTimeout(timer);
            resolve();
          } else setTimeout(check, 50);
        };
        check();
      });
    watcher.stdout.on('data', chunk => {
      output += String(chunk);
    });
    try {
      await seen('deny-all');
      await kubectl(['label', 'netpol', 'deny-all', '-n', 'shop', 'drift=yes']);
      await seen('MODIFIED');
      expect(output).toMatch(/EVENT\s+NAME\s+POD-SELECTOR\s+AGE/);
      expect(output).toMatch(/MODIFIED\s+deny-all\s+<none>/);
    } finally {
      watcher.kill();
    }
  });
});
