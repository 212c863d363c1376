/**
 * Ports, named ports, port ranges and protocols, after the upstream conformance suite
 * (TCP, UDP and SCTP variants) on the x/y/z × a/b/c cluster.
 */
import type { NetworkPolicyProtocol } from '../types';
import {
  networkPolicy,
  normalizedTruthTable,
  OPEN,
  table,
  upstreamCluster,
} from './__fixtures__/upstreamCluster';

const NS_NAME = 'kubernetes.io/metadata.name';
const podA = { matchLabels: { pod: 'a' } };
const fromY = { namespaceSelector: { matchLabels: { [NS_NAME]: 'y' } } };

const INTO_X_DENIED = `
  -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
  x/a X   X   X   .   .   .   .   .   .
  x/b X   X   X   .   .   .   .   .   .
  x/c X   X   X   .   .   .   .   .   .
  y/a X   X   X   .   .   .   .   .   .
  y/b X   X   X   .   .   .   .   .   .
  y/c X   X   X   .   .   .   .   .   .
  z/a X   X   X   .   .   .   .   .   .
  z/b X   X   X   .   .   .   .   .   .
  z/c X   X   X   .   .   .   .   .   .
`;

const INTO_XA_ONLY_FROM_Y = `
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
`;

const INTO_XA_DENIED = `
  -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
  x/a X   .   .   .   .   .   .   .   .
  x/b X   .   .   .   .   .   .   .   .
  x/c X   .   .   .   .   .   .   .   .
  y/a X   .   .   .   .   .   .   .   .
  y/b X   .   .   .   .   .   .   .   .
  y/c X   .   .   .   .   .   .   .   .
  z/a X   .   .   .   .   .   .   .   .
  z/b X   .   .   .   .   .   .   .   .
  z/c X   .   .   .   .   .   .   .   .
`;

const OUT_OF_X_DENIED = `
  -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
  x/a X   X   X   X   X   X   X   X   X
  x/b X   X   X   X   X   X   X   X   X
  x/c X   X   X   X   X   X   X   X   X
  y/a .   .   .   .   .   .   .   .   .
  y/b .   .   .   .   .   .   .   .   .
  y/c .   .   .   .   .   .   .   .   .
  z/a .   .   .   .   .   .   .   .   .
  z/b .   .   .   .   .   .   .   .   .
  z/c .   .   .   .   .   .   .   .   .
`;

describe('ports and protocols, as in the upstream conformance tests', () => {
  it.each<NetworkPolicyProtocol>(['TCP', 'UDP', 'SCTP'])(
    'allows only port 81 from namespace y over %s',
    protocol => {
      const cluster = upstreamCluster([
        networkPolicy('x', 'allow-ingress-on-port-81-ns-x', {
          podSelector: podA,
          ingress: [{ from: [fromY], ports: [{ port: 81, protocol }] }],
        }),
      ]);
      expect(normalizedTruthTable(cluster, 81, protocol)).toBe(
        table(INTO_XA_ONLY_FROM_Y),
      );
      expect(normalizedTruthTable(cluster, 80, protocol)).toBe(
        table(INTO_XA_DENIED),
      );
    },
  );

  it('resolves a named ingress port on the selected pods (serve-81-tcp opens 81, not 80)', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-all', {
        podSelector: {},
        ingress: [{ ports: [{ port: 'serve-81-tcp' }] }],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 81)).toBe(table(OPEN));
    expect(normalizedTruthTable(cluster, 80)).toBe(table(INTO_X_DENIED));
  });

  it('allows a named port from one namespace and keeps the other port closed to all', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-client-a-via-ns-selector-80', {
        podSelector: podA,
        ingress: [
          { from: [fromY], ports: [{ port: 'serve-80-tcp', protocol: 'TCP' }] },
        ],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(table(INTO_XA_ONLY_FROM_Y));
    expect(normalizedTruthTable(cluster, 81)).toBe(table(INTO_XA_DENIED));
  });

  it('resolves a named egress port on the destination pods', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-egress', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ ports: [{ port: 'serve-80-tcp' }] }],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(table(OPEN));
    expect(normalizedTruthTable(cluster, 81)).toBe(table(OUT_OF_X_DENIED));
  });

  it('never matches a named port whose declared protocol differs from the rule protocol', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'udp-name-on-tcp', {
        podSelector: {},
        ingress: [{ ports: [{ port: 'serve-80-udp', protocol: 'TCP' }] }],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80, 'TCP')).toBe(table(INTO_X_DENIED));
    expect(normalizedTruthTable(cluster, 80, 'UDP')).toBe(table(INTO_X_DENIED));
  });

  it('allows any port of one protocol when a port entry names only the protocol', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-ingress-by-proto', {
        podSelector: podA,
        ingress: [{ ports: [{ protocol: 'TCP' }] }],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80, 'TCP')).toBe(table(OPEN));
    expect(normalizedTruthTable(cluster, 81, 'TCP')).toBe(table(OPEN));
    expect(normalizedTruthTable(cluster, 80, 'UDP')).toBe(
      table(INTO_XA_DENIED),
    );
  });

  it('does not treat protocol SCTP as TCP', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'deny-ingress', { podSelector: {}, ingress: [] }),
      networkPolicy('x', 'allow-only-sctp-ingress-on-port-81', {
        podSelector: podA,
        ingress: [{ ports: [{ port: 81, protocol: 'SCTP' }] }],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 81, 'TCP')).toBe(table(INTO_X_DENIED));
    expect(normalizedTruthTable(cluster, 81, 'SCTP')).toBe(
      table(`
        -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
        x/a .   X   X   .   .   .   .   .   .
        x/b .   X   X   .   .   .   .   .   .
        x/c .   X   X   .   .   .   .   .   .
        y/a .   X   X   .   .   .   .   .   .
        y/b .   X   X   .   .   .   .   .   .
        y/c .   X   X   .   .   .   .   .   .
        z/a .   X   X   .   .   .   .   .   .
        z/b .   X   X   .   .   .   .   .   .
        z/c .   X   X   .   .   .   .   .   .
      `),
    );
  });

  it('isolates pods selected by an SCTP-only policy for TCP too', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-only-sctp-ingress-on-port-80', {
        podSelector: podA,
        ingress: [{ ports: [{ port: 80, protocol: 'SCTP' }] }],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 81, 'TCP')).toBe(
      table(INTO_XA_DENIED),
    );
  });

  it('does not allow TCP when a policy allows only UDP', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-only-udp-ingress-on-port-81', {
        podSelector: podA,
        ingress: [{ ports: [{ port: 81, protocol: 'UDP' }] }],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 81, 'TCP')).toBe(
      table(INTO_XA_DENIED),
    );
    expect(normalizedTruthTable(cluster, 81, 'UDP')).toBe(table(OPEN));
  });

  it('allows a port range from port to endPort inclusive', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-range', {
        podSelector: podA,
        ingress: [{ from: [fromY], ports: [{ port: 81, endPort: 90 }] }],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(table(INTO_XA_DENIED));
    expect(normalizedTruthTable(cluster, 81)).toBe(table(INTO_XA_ONLY_FROM_Y));
    expect(normalizedTruthTable(cluster, 90)).toBe(table(INTO_XA_ONLY_FROM_Y));
    expect(normalizedTruthTable(cluster, 91)).toBe(table(INTO_XA_DENIED));
  });

  it('allows an egress port range on its protocol only', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'egress-range', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ ports: [{ port: 79, endPort: 80, protocol: 'UDP' }] }],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80, 'UDP')).toBe(table(OPEN));
    expect(normalizedTruthTable(cluster, 80, 'TCP')).toBe(
      table(OUT_OF_X_DENIED),
    );
    expect(normalizedTruthTable(cluster, 81, 'UDP')).toBe(
      table(OUT_OF_X_DENIED),
    );
  });

  it('answers a matrix on a named port by resolving it on each destination pod', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-81', {
        podSelector: podA,
        ingress: [{ from: [fromY], ports: [{ port: 81 }] }],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 'serve-81-tcp')).toBe(
      table(INTO_XA_ONLY_FROM_Y),
    );
    expect(normalizedTruthTable(cluster, 'serve-80-tcp')).toBe(
      table(INTO_XA_DENIED),
    );
  });
});
