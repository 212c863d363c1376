/**
 * Egress scenarios of the upstream conformance suite, plus the policyTypes defaulting
 * rule, on the x/y/z × a/b/c cluster. Rows are sources, columns destinations.
 */
import {
  networkPolicy,
  normalizedTruthTable,
  OPEN,
  table,
  upstreamCluster,
} from './__fixtures__/upstreamCluster';

const NS_NAME = 'kubernetes.io/metadata.name';

const OUT_OF_XA_DENIED = `
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

const podA = { matchLabels: { pod: 'a' } };

describe('egress, as in the upstream conformance tests', () => {
  it('denies all egress of the pods a policy selects with policyTypes Egress and no rules', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'deny-egress-pod-a', {
        podSelector: podA,
        policyTypes: ['Egress'],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(table(OUT_OF_XA_DENIED));
  });

  it('denies egress of every pod of a namespace', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'deny-egress-ns-x', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(table(OUT_OF_X_DENIED));
  });

  it('allows egress only on the listed ports', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-egress-port-80', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ ports: [{ port: 80 }] }],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(table(OPEN));
    expect(normalizedTruthTable(cluster, 81)).toBe(table(OUT_OF_X_DENIED));
  });

  it('adds egress policies up: an allow-all egress policy opens port 81 again', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-egress-port-80', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ ports: [{ port: 80 }] }],
      }),
      networkPolicy('x', 'allow-egress', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{}],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 81)).toBe(table(OPEN));
  });

  it('checks ingress and egress together in one policy', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-client-a-via-pod-selector', {
        podSelector: podA,
        policyTypes: ['Egress', 'Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }],
        egress: [{ ports: [{ port: 80 }] }],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(
      table(`
        -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
        x/a X   .   .   .   .   .   .   .   .
        x/b .   .   .   .   .   .   .   .   .
        x/c X   .   .   .   .   .   .   .   .
        y/a X   .   .   .   .   .   .   .   .
        y/b X   .   .   .   .   .   .   .   .
        y/c X   .   .   .   .   .   .   .   .
        z/a X   .   .   .   .   .   .   .   .
        z/b X   .   .   .   .   .   .   .   .
        z/c X   .   .   .   .   .   .   .   .
      `),
    );
    expect(normalizedTruthTable(cluster, 81)).toBe(
      table(`
        -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
        x/a X   X   X   X   X   X   X   X   X
        x/b .   .   .   .   .   .   .   .   .
        x/c X   .   .   .   .   .   .   .   .
        y/a X   .   .   .   .   .   .   .   .
        y/b X   .   .   .   .   .   .   .   .
        y/c X   .   .   .   .   .   .   .   .
        z/a X   .   .   .   .   .   .   .   .
        z/b X   .   .   .   .   .   .   .   .
        z/c X   .   .   .   .   .   .   .   .
      `),
    );
  });

  it('denies on the client side even when the server explicitly allows the traffic', () => {
    const fromXa = {
      namespaceSelector: { matchLabels: { [NS_NAME]: 'x' } },
      podSelector: podA,
    };
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-to-ns-y-pod-a', {
        podSelector: podA,
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { [NS_NAME]: 'y' } },
                podSelector: podA,
              },
            ],
          },
        ],
      }),
      networkPolicy('y', 'allow-from-xa-on-ya-match-selector', {
        podSelector: podA,
        ingress: [{ from: [fromXa] }],
      }),
      networkPolicy('y', 'allow-from-xa-on-yb-match-selector', {
        podSelector: { matchLabels: { pod: 'b' } },
        ingress: [{ from: [fromXa] }],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(
      table(`
        -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
        x/a X   X   X   .   X   X   X   X   X
        x/b .   .   .   X   X   .   .   .   .
        x/c .   .   .   X   X   .   .   .   .
        y/a .   .   .   X   X   .   .   .   .
        y/b .   .   .   X   X   .   .   .   .
        y/c .   .   .   X   X   .   .   .   .
        z/a .   .   .   X   X   .   .   .   .
        z/b .   .   .   X   X   .   .   .   .
        z/c .   .   .   X   X   .   .   .   .
      `),
    );
  });

  it('allows egress to a server in another namespace chosen by pod and namespace selectors', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-to-ns-y-pod-a', {
        podSelector: podA,
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { [NS_NAME]: 'y' } },
                podSelector: podA,
              },
            ],
          },
        ],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(
      table(`
        -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
        x/a X   X   X   .   X   X   X   X   X
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

  it('matches NotIn on the automatic namespace name label in an egress rule', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-ns-y-match-selector-for-immutable-ns-label', {
        podSelector: podA,
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: {
                  matchExpressions: [
                    { key: NS_NAME, operator: 'NotIn', values: ['y'] },
                  ],
                },
              },
            ],
          },
        ],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(
      table(`
        -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
        x/a .   .   .   X   X   X   .   .   .
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

  it('controls ingress and egress independently', () => {
    const allowEgress = networkPolicy('x', 'allow-egress-for-target', {
      podSelector: podA,
      policyTypes: ['Egress'],
      egress: [{}],
    });
    expect(normalizedTruthTable(upstreamCluster([allowEgress]), 80)).toBe(
      table(OPEN),
    );
    const denyIngress = networkPolicy('x', 'deny-ingress-via-label-selector', {
      podSelector: podA,
      policyTypes: ['Ingress'],
    });
    expect(
      normalizedTruthTable(upstreamCluster([allowEgress, denyIngress]), 80),
    ).toBe(
      table(`
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
      `),
    );
  });
});

describe('policyTypes defaulting (SetDefaults_NetworkPolicy)', () => {
  const egressToYOnly = [
    { to: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] },
  ];

  it('adds Egress when policyTypes is omitted and the policy has egress rules', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'implicit-types', {
        podSelector: podA,
        egress: egressToYOnly,
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(
      table(`
        -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
        x/a X   X   X   .   .   .   X   X   X
        x/b X   .   .   .   .   .   .   .   .
        x/c X   .   .   .   .   .   .   .   .
        y/a X   .   .   .   .   .   .   .   .
        y/b X   .   .   .   .   .   .   .   .
        y/c X   .   .   .   .   .   .   .   .
        z/a X   .   .   .   .   .   .   .   .
        z/b X   .   .   .   .   .   .   .   .
        z/c X   .   .   .   .   .   .   .   .
      `),
    );
  });

  it('treats an empty policyTypes list as omitted', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'empty-types', {
        podSelector: podA,
        policyTypes: [],
        egress: egressToYOnly,
      }),
    ]);
    const implicit = upstreamCluster([
      networkPolicy('x', 'implicit-types', {
        podSelector: podA,
        egress: egressToYOnly,
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(
      normalizedTruthTable(implicit, 80),
    );
  });

  it('does not add Egress for an empty egress list: only ingress is isolated', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'empty-egress', { podSelector: podA, egress: [] }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(
      table(`
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
      `),
    );
  });

  it('ignores egress rules when the explicit policyTypes lists only Ingress', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'ingress-only', {
        podSelector: podA,
        policyTypes: ['Ingress'],
        ingress: [{}],
        egress: egressToYOnly,
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(table(OPEN));
  });

  it('ignores ingress rules when the explicit policyTypes lists only Egress', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'egress-only', {
        podSelector: podA,
        policyTypes: ['Egress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }],
        egress: [{}],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(table(OPEN));
  });
});
