import {
  KubeApiTestServer,
  startKubeApiTestServer,
} from '@netseal/kube-api-test-server';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFixture, runCli } from '../__testUtils__/runCli';

// Real kubectl talks to a real (test) API server over HTTPS; allow for a slow shared machine.
jest.setTimeout(60_000);

const INSTALL_KUBECTL =
  'these tests run the real kubectl (v1.32): install it with `apt-get update && apt-get install -y kubectl`';

/** Runs kubectl with only the given kubeconfig and home; rejects with the install hint when it is missing. */
function kubectl(args: string[], home: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'kubectl',
      args,
      {
        env: {
          PATH: process.env.PATH,
          HOME: home,
          KUBECONFIG: path.join(home, 'kubeconfig'),
        },
        timeout: 20_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error && 'code' in error && error.code === 'ENOENT') {
          reject(new Error(INSTALL_KUBECTL));
        } else if (error) {
          reject(new Error(`kubectl ${args.join(' ')} failed: ${stderr}`));
        } else {
          resolve(stdout);
        }
      },
    );
  });
}

const PROBES = [
  {
    from: 'shop/web-7d9f8b6c5-x2x7q',
    to: 'shop/api-5f7c9d4b8-mx2lp',
    port: 'http',
  },
  { from: 'legacy/admin-0', to: 'shop/api-5f7c9d4b8-mx2lp', port: 8443 },
  {
    from: 'shop/worker-6b8d9c7f5-zt4wn',
    to: 'data/db-0',
    port: 'postgres',
  },
  { from: 'shop/api-5f7c9d4b8-mx2lp', to: 'data/db-0', port: 5432 },
  { from: 'shop/worker-6b8d9c7f5-zt4wn', to: '203.0.113.10', port: 443 },
  { from: '10.244.1.40', to: 'shop/web-7d9f8b6c5-x2x7q', port: 9090 },
  {
    from: 'shop/web-7d9f8b6c5-x2x7q',
    to: 'kube-system/coredns-6f6b679f8f-k2x9v',
    port: 'dns',
  },
]
  .map(probe => JSON.stringify(probe))
  .join('\n');

describe('netseal reach on real kubectl output', () => {
  let server: KubeApiTestServer;
  let home: string;

  beforeAll(async () => {
    // The API server holds the cluster of the hand-written fixture; kubectl prints it back
    // the way a real cluster's API would have it printed.
    server = await startKubeApiTestServer({
      seed: await readFixture('cluster.json'),
      port: 0,
    });
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'netseal-kubectl-'));
    await fs.writeFile(
      path.join(home, 'kubeconfig'),
      server.kubeconfig('admin'),
    );
    await fs.writeFile(path.join(home, 'probes.jsonl'), PROBES);
    await fs.writeFile(
      path.join(home, 'cluster.json'),
      await readFixture('cluster.json'),
    );
  });

  afterAll(async () => {
    await server?.stop();
    if (home) {
      await fs.rm(home, { recursive: true, force: true });
    }
  });

  it('reads what kubectl get namespaces,pods,networkpolicies -A -o json prints, and agrees with the fixture', async () => {
    const printed = await kubectl(
      ['get', 'namespaces,pods,networkpolicies', '-A', '-o', 'json'],
      home,
    );
    const kubectlRun = await runCli(['reach', '-', 'probes.jsonl'], {
      cwd: home,
      stdin: printed,
    });
    const fixtureRun = await runCli(['reach', 'cluster.json', 'probes.jsonl'], {
      cwd: home,
    });

    expect(JSON.parse(printed).kind).toBe('List');
    expect(kubectlRun.stderr).toBe('');
    expect(kubectlRun.code).toBe(0);
    const allowed = kubectlRun.stdout
      .trimEnd()
      .split('\n')
      .map(line => JSON.parse(line).allowed);
    expect(allowed).toEqual([true, true, false, true, true, false, true]);
    expect(kubectlRun.stdout).toBe(fixtureRun.stdout);
  });

  it('reads kubectl -o yaml output too', async () => {
    const printed = await kubectl(
      ['get', 'namespaces,pods,networkpolicies', '-A', '-o', 'yaml'],
      home,
    );

    const result = await runCli(['reach', '--text', '-', 'probes.jsonl'], {
      cwd: home,
      stdin: printed,
    });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'shop/worker-6b8d9c7f5-zt4wn  data/db-0                             Denied on TCP 5432 (postgres): egress allowed by shop/worker-egress; ingress denied: data/db-from-api and data/default-deny-ingress isolate the destination and no rule allows it.\n',
    );
  });
});
