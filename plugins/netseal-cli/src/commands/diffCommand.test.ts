import { createWorkspace, readFixture, runCli } from '../__testUtils__/runCli';

const OLD_FILES = [
  'data/db-from-api.yaml',
  'data/default-deny-ingress.yaml',
  'shop/api-admin-from-legacy.yaml',
  'shop/api-from-web.yaml',
  'shop/default-deny-ingress.yaml',
  'shop/web-from-ingress.yaml',
  'shop/worker-egress.yaml',
];
const NEW_FILES = [
  'data/db-from-api.yaml',
  'data/default-deny-ingress.yaml',
  'shop/api-from-web.yaml',
  'shop/default-deny-ingress.yaml',
  'shop/metrics-from-prometheus.yaml',
  'shop/web-from-ingress.yaml',
  'shop/worker-egress.yaml',
];

/** The cluster snapshot and the policy repository at the base branch (old) and a pull request (new). */
function pullRequestFiles(): Record<string, { fixture: string } | string> {
  return {
    'cluster.json': { fixture: 'cluster.json' },
    ...Object.fromEntries(
      OLD_FILES.map(file => [`old/${file}`, { fixture: `diff/old/${file}` }]),
    ),
    ...Object.fromEntries(
      NEW_FILES.map(file => [`new/${file}`, { fixture: `diff/new/${file}` }]),
    ),
  };
}

describe('netseal diff', () => {
  let workspace: Awaited<ReturnType<typeof createWorkspace>>;
  afterEach(async () => {
    await workspace?.cleanup();
  });

  async function diff(
    argv: string[],
    extraFiles: Record<string, { fixture: string } | string> = {},
  ) {
    workspace = await createWorkspace({ ...pullRequestFiles(), ...extraFiles });
    return runCli(['diff', ...argv], { cwd: workspace.dir });
  }

  it('names the policies a pull request changes, adds and removes, and the flows that open and close on each port', async () => {
    const result = await diff(['cluster.json', 'old', 'new']);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(
      'Policies from old to new: 2 changed (data/db-from-api, shop/worker-egress), 1 added (shop/metrics-from-prometheus), 1 removed (shop/api-admin-from-legacy); 1 other live policy of cluster.json kept as it is.',
    );
    expect(lines[1]).toBe(
      'Analysed TCP 53, TCP 80, TCP 443, TCP 5432, TCP 8080, TCP 8443, TCP 9090, TCP 9153, TCP any other port, UDP 53, UDP any other port, SCTP any other port, to and from 198.51.100.0/24, 203.0.113.0/24 as well as every pod.',
    );
    // The database now takes the worker.
    expect(result.stdout).toContain(
      'TCP 5432: 1 flow open, 0 close.\n- Opens: pods app=worker in namespace shop → all pods in namespace data on TCP 5432 (1 flow; allowed by shop/worker-egress and data/db-from-api; was isolated by data/db-from-api and data/default-deny-ingress).\n',
    );
    // Prometheus may scrape the api and web pods, not the worker, which declares no metrics port.
    expect(result.stdout).toContain(
      'TCP 9090: 3 flows open, 0 close.\n- Opens: all pods in namespace monitoring → pods in namespace shop other than app=worker on TCP 9090 (3 flows; allowed by shop/metrics-from-prometheus;',
    );
    // The legacy admin console loses the API's admin port.
    expect(result.stdout).toContain(
      'TCP 8443: 0 flows open, 1 close.\n- Closes: all pods in namespace legacy → pods app=api in namespace shop on TCP 8443 (1 flow;',
    );
    // The payment provider moved.
    expect(result.stdout).toMatch(
      /TCP 443: 1 flow open, 1 close\.\n- Opens: pods app=worker in namespace shop → 198\.51\.100\.0\/24 .*\n- Closes: pods app=worker in namespace shop → 203\.0\.113\.0\/24 /,
    );
    expect(result.stdout).toContain(
      'No access path opens or closes on TCP 53, TCP 80, TCP 8080, TCP 9153, TCP any other port, UDP 53, UDP any other port, SCTP any other port.\nIn all: 5 flows open, 2 flows close.\n',
    );
  });

  it("says a change may not take effect where a vendor's cluster-scoped policy in the snapshot may override it", async () => {
    const cluster = JSON.parse(await readFixture('cluster.json'));
    // Netseal does not model Cilium's kinds: any of their objects may decide any flow.
    cluster.items.push({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumClusterwideNetworkPolicy',
      metadata: { name: 'lockdown' },
      spec: {},
    });
    const result = await diff(['cluster.json', 'old', 'new'], {
      'cluster.json': JSON.stringify(cluster),
    });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '- Opens: pods app=worker in namespace shop → all pods in namespace data on TCP 5432 (1 flow; allowed by shop/worker-egress and data/db-from-api; was isolated by data/db-from-api and data/default-deny-ingress; unknown whether it takes effect: 1 CiliumClusterwideNetworkPolicy object (cilium.io, not read by Netseal) may override the NetworkPolicies).\n',
    );
  });

  it('prints one JSON object with --json, every analysed port in it', async () => {
    const result = await diff(['--json', 'cluster.json', 'old', 'new']);

    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.policies).toEqual({
      added: ['shop/metrics-from-prometheus'],
      removed: ['shop/api-admin-from-legacy'],
      changed: ['data/db-from-api', 'shop/worker-egress'],
      keptLive: 1,
    });
    expect(report.externalEndpoints).toEqual([
      { name: '198.51.100.0/24', cidr: '198.51.100.0/24' },
      { name: '203.0.113.0/24', cidr: '203.0.113.0/24' },
    ]);
    expect(
      report.ports.map(
        (port: { protocol: string; port: number; otherPorts: boolean }) =>
          `${port.protocol} ${port.port}${port.otherPorts ? ' (other)' : ''}`,
      ),
    ).toEqual([
      'TCP 53',
      'TCP 80',
      'TCP 443',
      'TCP 5432',
      'TCP 8080',
      'TCP 8443',
      'TCP 9090',
      'TCP 9153',
      'TCP 1 (other)',
      'UDP 53',
      'UDP 1 (other)',
      'SCTP 1 (other)',
    ]);
    const postgres = report.ports[3];
    expect(postgres).toMatchObject({
      openedFlows: 1,
      closedFlows: 0,
      summary: expect.stringMatching(/^TCP 5432: 1 flow open, 0 close\.\n- /),
    });
    expect(postgres.changes[0]).toMatchObject({
      change: 'opened',
      flows: 1,
      from: { pods: [{ namespace: 'shop', name: 'worker-6b8d9c7f5-zt4wn' }] },
      to: { pods: [{ namespace: 'data', name: 'db-0' }] },
      decidedBy: {
        after: [
          { namespace: 'shop', name: 'worker-egress' },
          { namespace: 'data', name: 'db-from-api' },
        ],
      },
      description: expect.stringMatching(/^Opens: pods app=worker /),
    });
    expect(report).toMatchObject({ openedFlows: 5, closedFlows: 2 });
  });

  it('shows what opens on every port nobody names, such as when a default deny goes', async () => {
    const result = await diff(
      ['--protocol', 'TCP', 'cluster.json', 'old', 'new'],
      {
        'new/shop/default-deny-ingress.yaml': '# gone\n',
      },
    );

    expect(result.code).toBe(0);
    // The worker, which no other policy selects for ingress, is open to everyone, on every port.
    expect(result.stdout).toContain(
      'TCP any other port: 10 flows open, 0 close.\n' +
        '- Opens: all pods in namespaces data, ingress-nginx, kube-system, legacy and monitoring and pods in namespace shop other than app=worker → pods app=worker in namespace shop on TCP any other port (8 flows; no policy isolates it any more; was isolated by shop/default-deny-ingress).\n' +
        '- Opens: 198.51.100.0/24 and 203.0.113.0/24 → pods app=worker in namespace shop on TCP any other port (2 flows; no policy isolates it any more; was isolated by shop/default-deny-ingress).\n',
    );
    expect(result.stdout).not.toContain('UDP');
  });

  it('analyses only the ports given with --port, a protocol after a slash', async () => {
    const result = await diff([
      '--port',
      '5432',
      '--port',
      'dns/UDP',
      'cluster.json',
      'old',
      'new',
    ]);

    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[1]).toBe(
      'Analysed TCP 5432, UDP dns, to and from 198.51.100.0/24, 203.0.113.0/24 as well as every pod.',
    );
    expect(result.stdout).toContain('TCP 5432: 1 flow open, 0 close.');
    expect(result.stdout).toContain(
      'No access path opens or closes on UDP dns.',
    );
  });

  it('says nothing opens or closes when old and new hold the same policies', async () => {
    const result = await diff(['cluster.json', 'old', 'old']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Policies from old to old: 0 changed, 0 added, 0 removed; 1 other live policy/,
    );
    expect(result.stdout).toMatch(
      /\nNo access path opens or closes on any of TCP 53, .*\.\nIn all: 0 flows open, 0 flows close\.\n$/,
    );
  });

  it('takes the new version of a live policy that old does not hold', async () => {
    const result = await diff(['cluster.json', 'none', 'platform'], {
      'none/README.md': 'The platform team has not sealed its policies yet.\n',
      'platform/allow-dns.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: kube-system}
spec:
  podSelector: {matchLabels: {k8s-app: kube-dns}}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {team: shop}}}]
    ports: [{port: 53, protocol: UDP}]
`,
    });

    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      'Policies from none to platform: 1 changed (kube-system/allow-dns), 0 added, 0 removed; 7 other live policies of cluster.json kept as they are.',
    );
    expect(result.stdout).toContain('\nUDP 53: 0 flows open, 5 close.\n');
  });

  describe('manifests it cannot use', () => {
    it('reports an invalid policy as verify does, prints no diff, and exits 1', async () => {
      const result = await diff(['cluster.json', 'old', 'new'], {
        'new/bad-port.yaml': { fixture: 'bad-port.yaml' },
      });

      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        /^new\/bad-port\.yaml:17: spec\.ingress\[0\]\.ports\[0\]\.port: .+\nnetseal: no diff: fix the problems above and run netseal diff again\n$/,
      );
    });

    it('refuses one policy defined twice, naming both places', async () => {
      const result = await diff(['cluster.json', 'old', 'new'], {
        'new/shop/copy-of-api-from-web.yaml': {
          fixture: 'diff/new/shop/api-from-web.yaml',
        },
      });

      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'new/shop/copy-of-api-from-web.yaml:1: NetworkPolicy shop/api-from-web is also defined at new/shop/api-from-web.yaml:1; a namespace holds one policy per name, so keep one of them\n',
      );
    });

    it('exits 2 for a directory that does not exist, as verify does', async () => {
      const result = await diff(['cluster.json', 'old', 'nwe']);

      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'nwe: cannot read: no such file or directory (ENOENT)\n',
      );
    });

    it('exits 2 for a port it cannot analyse, naming the option', async () => {
      for (const [argv, message] of [
        [
          ['--port', '70000'],
          '--port 70000: a port number must be between 1 and 65535',
        ],
        [
          ['--port', '53/ICMP'],
          '--port 53/ICMP: the protocol must be TCP, UDP or SCTP (got "ICMP")',
        ],
        [['--protocol', 'icmp'], '--protocol icmp: must be TCP, UDP or SCTP'],
      ] as const) {
        const result = await diff([...argv, 'cluster.json', 'old', 'new']);

        expect(result).toEqual({
          code: 2,
          stdout: '',
          stderr: `netseal: ${message}\n`,
        });
      }
    });
  });

  it('reads the snapshot from standard input', async () => {
    workspace = await createWorkspace(pullRequestFiles());

    const result = await runCli(['diff', '--port', '8443', '-', 'old', 'new'], {
      cwd: workspace.dir,
      stdin: await readFixture('cluster.json'),
    });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('TCP 8443: 0 flows open, 1 close.');
  });
});
