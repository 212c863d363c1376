import { promises as fs } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { createWorkspace, readFixture, runCli } from '../__testUtils__/runCli';

const WEB = 'shop/web-7d9f8b6c5-x2x7q';
const API = 'shop/api-5f7c9d4b8-mx2lp';
const WORKER = 'shop/worker-6b8d9c7f5-zt4wn';
const DNS = 'kube-system/coredns-6f6b679f8f-k2x9v';

function probes(...lines: object[]): string {
  return lines.map(line => JSON.stringify(line)).join('\n');
}

describe('netseal reach', () => {
  let workspace: Awaited<ReturnType<typeof createWorkspace>>;
  afterEach(async () => {
    await workspace?.cleanup();
  });

  async function reach(probeText: string, argv: string[] = []) {
    workspace = await createWorkspace({
      'cluster.json': { fixture: 'cluster.json' },
      'probes.jsonl': probeText,
    });
    return runCli(['reach', ...argv, 'cluster.json', 'probes.jsonl'], {
      cwd: workspace.dir,
    });
  }

  function verdicts(stdout: string) {
    return stdout
      .trimEnd()
      .split('\n')
      .map(line => JSON.parse(line));
  }

  it('prints one JSON verdict per probe, in order, with the deciding policies and the reason', async () => {
    const result = await reach(
      probes(
        { from: WEB, to: API, port: 8080 },
        { from: WORKER, to: 'data/db-0', port: 'postgres' },
      ),
    );

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(verdicts(result.stdout)).toEqual([
      {
        from: WEB,
        to: API,
        port: 8080,
        portName: 'http',
        protocol: 'TCP',
        allowed: true,
        verdict: 'allowed',
        egress: { outcome: 'not-isolated' },
        ingress: {
          outcome: 'allowed',
          allowedBy: [{ namespace: 'shop', name: 'api-from-web' }],
          isolatedBy: [
            { namespace: 'shop', name: 'api-admin-from-legacy' },
            { namespace: 'shop', name: 'api-from-web' },
            { namespace: 'shop', name: 'default-deny-ingress' },
          ],
        },
        reason:
          'Allowed on TCP 8080 (http): no policy isolates the source for egress; ingress allowed by shop/api-from-web.',
      },
      {
        from: WORKER,
        to: 'data/db-0',
        port: 5432,
        portName: 'postgres',
        protocol: 'TCP',
        allowed: false,
        verdict: 'denied',
        egress: {
          outcome: 'allowed',
          allowedBy: [{ namespace: 'shop', name: 'worker-egress' }],
          isolatedBy: [{ namespace: 'shop', name: 'worker-egress' }],
        },
        ingress: {
          outcome: 'denied',
          isolatedBy: [
            { namespace: 'data', name: 'db-from-api' },
            { namespace: 'data', name: 'default-deny-ingress' },
          ],
        },
        reason:
          'Denied on TCP 5432 (postgres): egress allowed by shop/worker-egress; ingress denied: data/db-from-api and data/default-deny-ingress isolate the destination and no rule allows it.',
      },
    ]);
  });

  it('answers probes to and from IP addresses, a pod address standing for its pod', async () => {
    const result = await reach(
      [
        probes({ from: WORKER, to: '203.0.113.10', port: 443 }),
        '',
        probes(
          { from: WORKER, to: '198.51.100.7', port: 443 },
          { from: '10.244.1.40', to: WEB, port: 9090 },
        ),
      ].join('\n'),
    );

    expect(result.code).toBe(0);
    expect(
      verdicts(result.stdout).map(verdict => [
        verdict.to,
        verdict.allowed,
        verdict.egress.outcome,
        verdict.ingress.outcome,
      ]),
    ).toEqual([
      ['203.0.113.10', true, 'allowed', 'outside-cluster'],
      ['198.51.100.7', false, 'denied', 'outside-cluster'],
      // 10.244.1.40 is monitoring/prometheus-0, which shop's policies do not let in.
      [WEB, false, 'not-isolated', 'denied'],
    ]);
  });

  it('takes the protocol of a named port from the pod, and a protocol from the probe', async () => {
    const result = await reach(
      probes(
        { from: WEB, to: DNS, port: 'dns' },
        { from: WEB, to: DNS, port: 53, protocol: 'TCP' },
        { from: WEB, to: DNS, port: 9153 },
      ),
    );

    expect(verdicts(result.stdout).map(verdict => verdict.reason)).toEqual([
      'Allowed on UDP 53 (dns): no policy isolates the source for egress; ingress allowed by kube-system/allow-dns.',
      'Allowed on TCP 53 (dns-tcp): no policy isolates the source for egress; ingress allowed by kube-system/allow-dns.',
      'Denied on TCP 9153 (metrics): no policy isolates the source for egress; ingress denied: kube-system/allow-dns isolates the destination and no rule allows it.',
    ]);
  });

  it('prints a table for people with --text', async () => {
    const result = await reach(
      probes(
        { from: 'legacy/admin-0', to: API, port: 'admin' },
        { from: WORKER, to: '8.8.8.8', port: 443 },
      ),
      ['--text'],
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'FROM                         TO                        VERDICT',
        'legacy/admin-0               shop/api-5f7c9d4b8-mx2lp  Allowed on TCP 8443 (admin): no policy isolates the source for egress; ingress allowed by shop/api-admin-from-legacy.',
        'shop/worker-6b8d9c7f5-zt4wn  8.8.8.8                   Denied on TCP 443: egress denied: shop/worker-egress isolates the source and no rule allows it; the destination is outside the cluster.',
        '',
      ].join('\n'),
    );
  });

  it('answers unknown, naming it, where a cluster-scoped policy in the snapshot may override the NetworkPolicies', async () => {
    const cluster = JSON.parse(await readFixture('cluster.json'));
    // As `kubectl get ...,baselineadminnetworkpolicies -o json` adds it: a baseline
    // denying shop's egress decides only for shop pods no NetworkPolicy isolates.
    cluster.items.push({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'BaselineAdminNetworkPolicy',
      metadata: { name: 'default' },
      spec: {
        subject: {
          namespaces: {
            matchLabels: { 'kubernetes.io/metadata.name': 'shop' },
          },
        },
        egress: [
          { name: 'deny-all', action: 'Deny', to: [{ namespaces: {} }] },
        ],
      },
    });
    workspace = await createWorkspace({
      'cluster.json': JSON.stringify(cluster),
      'probes.jsonl': probes(
        { from: WEB, to: API, port: 8080 },
        { from: WORKER, to: 'data/db-0', port: 5432 },
      ),
    });

    const json = await runCli(['reach', 'cluster.json', 'probes.jsonl'], {
      cwd: workspace.dir,
    });
    const text = await runCli(
      ['reach', '--text', 'cluster.json', 'probes.jsonl'],
      { cwd: workspace.dir },
    );

    expect(json.code).toBe(0);
    expect(
      verdicts(json.stdout).map(verdict => [
        verdict.verdict,
        verdict.mayBeOverriddenBy,
      ]),
    ).toEqual([
      // web's egress is not isolated by any NetworkPolicy: the baseline may deny it.
      ['unknown', ['BaselineAdminNetworkPolicy default']],
      // worker-egress isolates the worker, so the baseline never decides for it.
      ['denied', undefined],
    ]);
    expect(text.stdout.split('\n')[1]).toContain(
      'Unknown on TCP 8080 (http): BaselineAdminNetworkPolicy default may override the NetworkPolicies, which allow it;',
    );
  });

  it('reads a snapshot printed as YAML (kubectl -o yaml) like one printed as JSON', async () => {
    const cluster = JSON.parse(await readFixture('cluster.json'));
    workspace = await createWorkspace({
      'cluster.yaml': stringify(cluster),
      'probes.jsonl': probes({
        from: 'shop/api-5f7c9d4b8-mx2lp',
        to: 'data/db-0',
        port: 5432,
      }),
    });

    const result = await runCli(['reach', 'cluster.yaml', 'probes.jsonl'], {
      cwd: workspace.dir,
    });

    expect(result.code).toBe(0);
    expect(verdicts(result.stdout)[0].allowed).toBe(true);
  });

  it('reads the snapshot or the probes from standard input, but not both', async () => {
    workspace = await createWorkspace({
      'cluster.json': { fixture: 'cluster.json' },
      'probes.jsonl': probes({ from: WEB, to: API, port: 8080 }),
    });
    const cluster = await workspace.read('cluster.json');

    const snapshotIn = await runCli(['reach', '-', 'probes.jsonl'], {
      cwd: workspace.dir,
      stdin: cluster,
    });
    const probesIn = await runCli(['reach', 'cluster.json', '-'], {
      cwd: workspace.dir,
      stdin: probes({ from: WEB, to: API, port: 8080 }),
    });
    const both = await runCli(['reach', '-', '-'], { cwd: workspace.dir });

    expect(snapshotIn.code).toBe(0);
    expect(probesIn.stdout).toBe(snapshotIn.stdout);
    expect(both).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'netseal: SNAPSHOT and PROBES cannot both be standard input (-); name a file for one of them\n',
    });
  });

  describe('probes it cannot answer', () => {
    it('names the line and field of every bad probe, prints no verdict, and exits 2', async () => {
      const result = await reach(
        [
          probes({ from: WEB, to: API, port: 8080 }),
          '{"from": "shop/web-7d9f8b6c5-x2x7q", "to": ',
          probes(
            { from: WEB, to: API },
            { from: WEB, to: API, port: 8080, proto: 'UDP' },
            { from: WEB, to: API, port: true, protocol: 'tcp' },
            { from: 'web-0/x/y', to: API, port: 80 },
          ),
          '[1, 2]',
        ].join('\n'),
      );

      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n')).toEqual([
        expect.stringMatching(
          /^probes\.jsonl:2: not a JSON object \(.+\); write one probe per line, such as \{"from": "shop\/web-0", "to": "data\/db-0", "port": 5432\}$/,
        ),
        'probes.jsonl:3: port: missing; give a port number such as 5432, or a port name the destination pod declares',
        'probes.jsonl:4: proto: unknown field; a probe has from, to, port, protocol',
        'probes.jsonl:5: port: must be a port number or a port name, not true',
        'probes.jsonl:5: protocol: must be TCP, UDP or SCTP, not "tcp"',
        'probes.jsonl:6: from: must be "namespace/pod" or an IP address, not "web-0/x/y"',
        'probes.jsonl:7: must be a JSON object such as {"from": "shop/web-0", "to": "data/db-0", "port": 5432}, not [1,2]',
        'netseal: 7 problems in probes.jsonl; no verdict printed: fix the probes and run netseal reach again',
        '',
      ]);
    });

    it('names a pod the snapshot does not list, saying which pods are left out', async () => {
      const result = await reach(
        probes(
          { from: WEB, to: 'data/db-1', port: 5432 },
          // Finished, and on the host network: neither has a pod-network endpoint.
          { from: 'data/backup-29405700-7xq2m', to: 'data/db-0', port: 5432 },
          { from: 'monitoring/node-exporter-9xk2p', to: WEB, port: 8080 },
        ),
      );

      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'probes.jsonl:1: to: pod data/db-1 is not in cluster.json; name a pod it lists (pods that have finished, and host-network pods, are left out)\n',
      );
      expect(result.stderr).toContain(
        'probes.jsonl:2: from: pod data/backup-29405700-7xq2m is not in cluster.json;',
      );
      expect(result.stderr).toContain(
        'probes.jsonl:3: from: pod monitoring/node-exporter-9xk2p is not in cluster.json;',
      );
    });

    it('passes on what the reachability model says about a probe, with its line', async () => {
      const result = await reach(
        probes(
          { from: WEB, to: 'data/db-0', port: 'http' },
          { from: WEB, to: API, port: 70000 },
          { from: 'not-an-address', to: API, port: 80 },
          { from: '8.8.8.8', to: '1.1.1.1', port: 80 },
        ),
      );

      expect(result.code).toBe(2);
      expect(result.stderr.split('\n').slice(0, 4)).toEqual([
        'probes.jsonl:1: pod data/db-0 declares no container port named "http"; probe a port number or a name the pod declares',
        'probes.jsonl:2: probe.port must be between 1 and 65535 or a port name (got 70000)',
        'probes.jsonl:3: probe.from.ip must be an IPv4 or IPv6 address (got "not-an-address")',
        'probes.jsonl:4: probe from 8.8.8.8 to 1.1.1.1: neither end is a pod of the snapshot, so no NetworkPolicy applies; make one end a pod',
      ]);
    });
  });

  describe('snapshots it cannot use', () => {
    async function reachSnapshot(snapshot: string) {
      workspace = await createWorkspace({
        'cluster.json': snapshot,
        'probes.jsonl': probes({ from: WEB, to: API, port: 8080 }),
      });
      return runCli(['reach', 'cluster.json', 'probes.jsonl'], {
        cwd: workspace.dir,
      });
    }

    it('names the item and field kubectl output does not have right', async () => {
      const cluster = JSON.parse(await readFixture('cluster.json'));
      cluster.items[8].status.podIPs[0].ip = '10.244.2.500';

      const result = await reachSnapshot(JSON.stringify(cluster));

      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'cluster.json: items[8] (Pod data/db-0): status.podIPs[0].ip must be an IPv4 or IPv6 address (got "10.244.2.500")\n',
      });
    });

    it('says what it expected instead of something other than a List', async () => {
      const result = await reachSnapshot('{"kind": "Pod", "metadata": {}}');

      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        'cluster.json: expected a Kubernetes List with an items array, as printed by kubectl get namespaces,pods,networkpolicies -A -o json\n',
      );
    });

    it('locates a syntax error in a snapshot that is not JSON', async () => {
      const result = await reachSnapshot(
        '{\n  "kind": "List",\n  "items": [\n}\n',
      );

      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^cluster\.json:4: not valid YAML: /);
    });

    it('refuses a snapshot over 128 MiB by its size, without reading it', async () => {
      workspace = await createWorkspace({ 'probes.jsonl': '' });
      const big = path.join(workspace.dir, 'cluster.json');
      // Sparse: the size is all there is to it.
      await fs.writeFile(big, '');
      await fs.truncate(big, 200 * 1024 * 1024);

      const result = await runCli(['reach', 'cluster.json', 'probes.jsonl'], {
        cwd: workspace.dir,
      });

      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr:
          "cluster.json: 209,715,200 bytes, over netseal's 128 MiB limit for a cluster snapshot\n",
      });
    });

    it('refuses a YAML snapshot over 16 MiB, which would take gigabytes to parse, and points at -o json', async () => {
      const result = await reachSnapshot(
        `# kubectl get -o yaml\n${'#'.repeat(17 * 1024 * 1024)}\n`,
      );

      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        "cluster.json: 17,825,815 bytes, over netseal's 16 MiB limit for a cluster snapshot in YAML; print it with -o json instead, which netseal reads up to 128 MiB\n",
      );
    });

    it('names a snapshot file that does not exist', async () => {
      workspace = await createWorkspace({ 'probes.jsonl': '' });

      const result = await runCli(['reach', 'nope.json', 'probes.jsonl'], {
        cwd: workspace.dir,
      });

      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr: 'nope.json: cannot read: no such file or directory (ENOENT)\n',
      });
    });
  });
});
