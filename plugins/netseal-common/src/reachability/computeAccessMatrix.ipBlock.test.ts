/**
 * ipBlock peers, after the upstream conformance suite, which builds its blocks from pod
 * addresses: pods match an ipBlock by their address in the connection's family.
 * In this cluster x/a is 10.0.1.1 (fd00::1:1), x/b 10.0.1.2, y/b 10.0.2.2 (fd00::2:2).
 */
import {
  networkPolicy,
  normalizedTruthTable,
  OPEN,
  table,
  upstreamCluster,
} from './__fixtures__/upstreamCluster';

const podA = { matchLabels: { pod: 'a' } };

const XA_REACHES_ONLY_YB = `
  -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
  x/a X   X   X   X   .   X   X   X   X
  x/b .   .   .   .   .   .   .   .   .
  x/c .   .   .   .   .   .   .   .   .
  y/a .   .   .   .   .   .   .   .   .
  y/b .   .   .   .   .   .   .   .   .
  y/c .   .   .   .   .   .   .   .   .
  z/a .   .   .   .   .   .   .   .   .
  z/b .   .   .   .   .   .   .   .   .
  z/c .   .   .   .   .   .   .   .   .
`;

const XA_REACHES_ALL_BUT_XB = `
  -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
  x/a .   X   .   .   .   .   .   .   .
  x/b .   .   .   .   .   .   .   .   .
  x/c .   .   .   .   .   .   .   .   .
  y/a .   .   .   .   .   .   .   .   .
  y/b .   .   .   .   .   .   .   .   .
  y/c .   .   .   .   .   .   .   .   .
  z/a .   .   .   .   .   .   .   .   .
  z/b .   .   .   .   .   .   .   .   .
  z/c .   .   .   .   .   .   .   .   .
`;

function egressToBlock(name: string, cidr: string, except?: string[]) {
  return networkPolicy('x', name, {
    podSelector: podA,
    policyTypes: ['Egress'],
    egress: [{ to: [{ ipBlock: { cidr, except } }] }],
  });
}

describe('ipBlock, as in the upstream conformance tests', () => {
  it('allows egress to a server in a CIDR block built from its address', () => {
    const cluster = upstreamCluster([
      egressToBlock('allow-client-a-via-cidr-egress-rule', '10.0.2.2/32'),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(table(XA_REACHES_ONLY_YB));
  });

  it('enforces the except clause of a block around the server', () => {
    const cluster = upstreamCluster([
      egressToBlock('allow-client-a-via-cidr-egress-rule', '0.0.0.0/4', [
        '10.0.1.2/32',
      ]),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(
      table(XA_REACHES_ALL_BUT_XB),
    );
  });

  it("allows an address in one block and another block's except when both policies exist", () => {
    const cluster = upstreamCluster([
      egressToBlock('around-b', '0.0.0.0/4', ['10.0.1.2/32']),
      egressToBlock('exactly-b', '10.0.1.2/32'),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(table(OPEN));
  });

  it('follows the policy when the block is replaced by one holding only the excepted address', () => {
    const cluster = upstreamCluster([
      egressToBlock('allow-client-a-via-cidr-egress-rule', '10.0.1.2/32'),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(
      table(`
        -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
        x/a X   .   X   X   X   X   X   X   X
        x/b .   .   .   .   .   .   .   .   .
        x/c .   .   .   .   .   .   .   .   .
        y/a .   .   .   .   .   .   .   .   .
        y/b .   .   .   .   .   .   .   .   .
        y/c .   .   .   .   .   .   .   .   .
        z/a .   .   .   .   .   .   .   .   .
        z/b .   .   .   .   .   .   .   .   .
        z/c .   .   .   .   .   .   .   .   .
      `),
    );
  });

  it("matches IPv6 blocks against the pods' IPv6 addresses only", () => {
    const cluster = upstreamCluster([egressToBlock('v6', 'fd00::2:2/128')]);
    expect(normalizedTruthTable(cluster, 80, 'TCP', 'IPv6')).toBe(
      table(XA_REACHES_ONLY_YB),
    );
    expect(normalizedTruthTable(cluster, 80, 'TCP', 'IPv4')).toBe(
      table(`
        -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
        x/a X   X   X   X   X   X   X   X   X
        x/b .   .   .   .   .   .   .   .   .
        x/c .   .   .   .   .   .   .   .   .
        y/a .   .   .   .   .   .   .   .   .
        y/b .   .   .   .   .   .   .   .   .
        y/c .   .   .   .   .   .   .   .   .
        z/a .   .   .   .   .   .   .   .   .
        z/b .   .   .   .   .   .   .   .   .
        z/c .   .   .   .   .   .   .   .   .
      `),
    );
  });

  it('matches ingress ipBlocks against source pod addresses', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'from-y-addresses', {
        podSelector: podA,
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.2.0/24' } }] }],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(
      table(`
        -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
        x/a X   .   .   .   .   .   .   .   .
        x/b X   .   .   .   .   .   .   .   .
        x/c X   .   .   .   .   .   .   .   .
        y/a .   .   .   .   .   .   .   .   .
        y/b .   .   .   .   .   .   .   .   .
        y/c .   .   .   .   .   .   .   .   .
        z/a X   .   .   .   .   .   .   .   .
        z/b X   .   .   .   .   .   .   .   .
        z/c X   .   .   .   .   .   .   .   .
      `),
    );
  });

  it('tells apart pods with the same labels by their addresses', () => {
    const twins = upstreamCluster([
      networkPolicy('y', 'only-from-one-address', {
        podSelector: {},
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.1.1/32' } }] }],
      }),
    ]);
    twins.pods = twins.pods.map(pod => ({ ...pod, labels: { role: 'same' } }));
    expect(normalizedTruthTable(twins, 80)).toBe(
      table(`
        -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
        x/a .   .   .   .   .   .   .   .   .
        x/b .   .   .   X   X   X   .   .   .
        x/c .   .   .   X   X   X   .   .   .
        y/a .   .   .   X   X   X   .   .   .
        y/b .   .   .   X   X   X   .   .   .
        y/c .   .   .   X   X   X   .   .   .
        z/a .   .   .   X   X   X   .   .   .
        z/b .   .   .   X   X   X   .   .   .
        z/c .   .   .   X   X   X   .   .   .
      `),
    );
  });

  it('never matches a named port in a rule towards an ipBlock when the destination is outside', () => {
    // Pod destinations still resolve the name; the outside case is in evaluateConnection.test.ts.
    const cluster = upstreamCluster([
      networkPolicy('x', 'named-to-block', {
        podSelector: podA,
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ ipBlock: { cidr: '10.0.2.2/32' } }],
            ports: [{ port: 'serve-80-tcp' }],
          },
        ],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(table(XA_REACHES_ONLY_YB));
  });
});
