/**
 * Ingress scenarios of the upstream conformance suite (kubernetes/kubernetes
 * test/e2e/network/netpol/network_policy.go), restated on the x/y/z × a/b/c cluster with
 * every pod present. Rows are sources, columns destinations; `.` allowed, `X` denied.
 * Unlike upstream we also assert the diagonal (a pod to itself), which follows the same rules.
 */
import {
  networkPolicy,
  normalizedTruthTable,
  OPEN,
  table,
  upstreamCluster,
} from './__fixtures__/upstreamCluster';

const NS_NAME = 'kubernetes.io/metadata.name';

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

const INTO_XA_ONLY_FROM_XB = `
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

const denyIngressInX = networkPolicy('x', 'deny-ingress', {
  podSelector: {},
  ingress: [],
});

describe('ingress, as in the upstream conformance tests', () => {
  it('denies every connection into a namespace with a default-deny-ingress policy', () => {
    const cluster = upstreamCluster([denyIngressInX]);
    expect(normalizedTruthTable(cluster, 80)).toBe(table(INTO_X_DENIED));
  });

  it('treats a missing ingress list like an empty one: isolated, nothing allowed', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'deny-ingress', { podSelector: {} }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(table(INTO_X_DENIED));
  });

  it('denies both directions of a namespace with a default-deny-all policy', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'deny-all', {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(
      table(`
        -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
        x/a X   X   X   X   X   X   X   X   X
        x/b X   X   X   X   X   X   X   X   X
        x/c X   X   X   X   X   X   X   X   X
        y/a X   X   X   .   .   .   .   .   .
        y/b X   X   X   .   .   .   .   .   .
        y/c X   X   X   .   .   .   .   .   .
        z/a X   X   X   .   .   .   .   .   .
        z/b X   X   X   .   .   .   .   .   .
        z/c X   X   X   .   .   .   .   .   .
      `),
    );
  });

  it('allows traffic from pods of the server namespace chosen by a podSelector', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'x-a-allows-x-b', {
        podSelector: { matchLabels: { pod: 'a' } },
        ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(table(INTO_XA_ONLY_FROM_XB));
  });

  it('lets an allow policy for one target open it despite a namespace default deny', () => {
    const cluster = upstreamCluster([
      denyIngressInX,
      networkPolicy('x', 'allow-all-to-a', {
        podSelector: { matchLabels: { pod: 'a' } },
        ingress: [{ from: [{ podSelector: {}, namespaceSelector: {} }] }],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(
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

  it('allows traffic from every namespace with an empty namespaceSelector', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-from-another-ns', {
        podSelector: { matchLabels: { pod: 'a' } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: {} } }] }],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(table(OPEN));
  });

  it('allows traffic only from a namespace chosen by its automatic name label', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-client-a-via-ns-selector', {
        podSelector: { matchLabels: { pod: 'a' } },
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { [NS_NAME]: 'y' } } }],
          },
        ],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(table(INTO_XA_ONLY_FROM_Y));
  });

  it('selects pods with matchExpressions In', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'x-a-allows-x-b', {
        podSelector: { matchLabels: { pod: 'a' } },
        ingress: [
          {
            from: [
              {
                podSelector: {
                  matchExpressions: [
                    { key: 'pod', operator: 'In', values: ['b'] },
                  ],
                },
              },
            ],
          },
        ],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(table(INTO_XA_ONLY_FROM_XB));
  });

  it('selects namespaces with matchExpressions In', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-ns-y-match-selector', {
        podSelector: { matchLabels: { pod: 'a' } },
        ingress: [
          {
            from: [
              {
                namespaceSelector: {
                  matchExpressions: [
                    { key: 'ns', operator: 'In', values: ['y'] },
                  ],
                },
              },
            ],
          },
        ],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(table(INTO_XA_ONLY_FROM_Y));
  });

  it('ORs peers: any namespace but x, or pod b of x', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-ns-y-match-selector', {
        podSelector: { matchLabels: { pod: 'a' } },
        ingress: [
          {
            from: [
              {
                namespaceSelector: {
                  matchExpressions: [
                    { key: NS_NAME, operator: 'NotIn', values: ['x'] },
                  ],
                },
              },
              { podSelector: { matchLabels: { pod: 'b' } } },
            ],
          },
        ],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(
      table(`
        -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
        x/a X   .   .   .   .   .   .   .   .
        x/b .   .   .   .   .   .   .   .   .
        x/c X   .   .   .   .   .   .   .   .
        y/a .   .   .   .   .   .   .   .   .
        y/b .   .   .   .   .   .   .   .   .
        y/c .   .   .   .   .   .   .   .   .
        z/a .   .   .   .   .   .   .   .   .
        z/b .   .   .   .   .   .   .   .   .
        z/c .   .   .   .   .   .   .   .   .
      `),
    );
  });

  it('ANDs a podSelector and a namespaceSelector within one peer', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-ns-y-podselector-and-nsselector', {
        podSelector: { matchLabels: { pod: 'a' } },
        ingress: [
          {
            from: [
              {
                namespaceSelector: {
                  matchExpressions: [
                    { key: NS_NAME, operator: 'NotIn', values: ['x'] },
                  ],
                },
                podSelector: { matchLabels: { pod: 'b' } },
              },
            ],
          },
        ],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(
      table(`
        -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
        x/a X   .   .   .   .   .   .   .   .
        x/b X   .   .   .   .   .   .   .   .
        x/c X   .   .   .   .   .   .   .   .
        y/a X   .   .   .   .   .   .   .   .
        y/b .   .   .   .   .   .   .   .   .
        y/c X   .   .   .   .   .   .   .   .
        z/a X   .   .   .   .   .   .   .   .
        z/b .   .   .   .   .   .   .   .   .
        z/c X   .   .   .   .   .   .   .   .
      `),
    );
  });

  it('combines NotIn on namespaces with In on pods', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-ns-y-z-pod-b-c', {
        podSelector: { matchLabels: { pod: 'a' } },
        ingress: [
          {
            from: [
              {
                namespaceSelector: {
                  matchExpressions: [
                    { key: NS_NAME, operator: 'NotIn', values: ['x'] },
                  ],
                },
                podSelector: {
                  matchExpressions: [
                    { key: 'pod', operator: 'In', values: ['b', 'c'] },
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
        x/a X   .   .   .   .   .   .   .   .
        x/b X   .   .   .   .   .   .   .   .
        x/c X   .   .   .   .   .   .   .   .
        y/a X   .   .   .   .   .   .   .   .
        y/b .   .   .   .   .   .   .   .   .
        y/c .   .   .   .   .   .   .   .   .
        z/a X   .   .   .   .   .   .   .   .
        z/b .   .   .   .   .   .   .   .   .
        z/c .   .   .   .   .   .   .   .   .
      `),
    );
  });

  it('allows sources matching any of several podSelectors', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-ns-x-pod-b-c', {
        podSelector: { matchLabels: { pod: 'a' } },
        ingress: [
          {
            from: [
              { podSelector: { matchLabels: { pod: 'b' } } },
              { podSelector: { matchLabels: { pod: 'c' } } },
            ],
          },
        ],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(
      table(`
        -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
        x/a X   .   .   .   .   .   .   .   .
        x/b .   .   .   .   .   .   .   .   .
        x/c .   .   .   .   .   .   .   .   .
        y/a X   .   .   .   .   .   .   .   .
        y/b X   .   .   .   .   .   .   .   .
        y/c X   .   .   .   .   .   .   .   .
        z/a X   .   .   .   .   .   .   .   .
        z/b X   .   .   .   .   .   .   .   .
        z/c X   .   .   .   .   .   .   .   .
      `),
    );
  });

  it('reads an empty podSelector peer as every pod of the policy namespace only', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'deny-empty-policy', {
        podSelector: {},
        ingress: [{ from: [{ podSelector: { matchLabels: {} } }] }],
      }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(
      table(`
        -   x/a x/b x/c y/a y/b y/c z/a z/b z/c
        x/a .   .   .   .   .   .   .   .   .
        x/b .   .   .   .   .   .   .   .   .
        x/c .   .   .   .   .   .   .   .   .
        y/a X   X   X   .   .   .   .   .   .
        y/b X   X   X   .   .   .   .   .   .
        y/c X   X   X   .   .   .   .   .   .
        z/a X   X   X   .   .   .   .   .   .
        z/b X   X   X   .   .   .   .   .   .
        z/c X   X   X   .   .   .   .   .   .
      `),
    );
  });

  it('allows everything with an allow-all rule (one empty ingress rule)', () => {
    const cluster = upstreamCluster([
      networkPolicy('x', 'allow-all', { podSelector: {}, ingress: [{}] }),
    ]);
    expect(normalizedTruthTable(cluster, 80)).toBe(table(OPEN));
    expect(normalizedTruthTable(cluster, 81)).toBe(table(OPEN));
  });

  it('adds policies up: an allow-all policy opens what a port-80-only policy left closed', () => {
    const port80Only = networkPolicy('x', 'allow-ingress-port-80', {
      podSelector: {},
      ingress: [{ ports: [{ port: 80 }] }],
    });
    expect(normalizedTruthTable(upstreamCluster([port80Only]), 81)).toBe(
      table(INTO_X_DENIED),
    );
    const allowAll = networkPolicy('x', 'allow-ingress', {
      podSelector: {},
      ingress: [{}],
    });
    expect(
      normalizedTruthTable(upstreamCluster([port80Only, allowAll]), 81),
    ).toBe(table(OPEN));
  });

  it('stacks policies with overlapping podSelectors per port', () => {
    const fromY = { namespaceSelector: { matchLabels: { [NS_NAME]: 'y' } } };
    const allow81 = networkPolicy('x', 'allow-client-a-via-ns-selector', {
      podSelector: { matchLabels: { pod: 'a' } },
      ingress: [{ from: [fromY], ports: [{ port: 81, protocol: 'TCP' }] }],
    });
    const allow80 = networkPolicy('x', 'allow-client-a-via-ns-selector-80', {
      podSelector: { matchLabels: { pod: 'a' } },
      ingress: [{ from: [fromY], ports: [{ port: 80, protocol: 'TCP' }] }],
    });
    expect(normalizedTruthTable(upstreamCluster([allow81]), 81)).toBe(
      table(INTO_XA_ONLY_FROM_Y),
    );
    expect(normalizedTruthTable(upstreamCluster([allow81]), 80)).toBe(
      table(INTO_XA_DENIED),
    );
    expect(normalizedTruthTable(upstreamCluster([allow81, allow80]), 80)).toBe(
      table(INTO_XA_ONLY_FROM_Y),
    );
  });

  it('follows a policy updated from allow-all to deny-all', () => {
    const allowAll = networkPolicy('x', 'allow-all-mutate-to-deny-all', {
      podSelector: {},
      ingress: [{}],
    });
    const denyAll = { ...allowAll, spec: { podSelector: {}, ingress: [] } };
    expect(normalizedTruthTable(upstreamCluster([allowAll]), 81)).toBe(
      table(OPEN),
    );
    expect(normalizedTruthTable(upstreamCluster([denyAll]), 81)).toBe(
      table(INTO_X_DENIED),
    );
  });

  it('follows namespace labels: a namespace gains access when it gains the selected label', () => {
    const policy = networkPolicy('x', 'allow-client-a-via-ns-selector', {
      podSelector: { matchLabels: { pod: 'a' } },
      ingress: [
        { from: [{ namespaceSelector: { matchLabels: { ns2: 'updated' } } }] },
      ],
    });
    const before = upstreamCluster([policy]);
    expect(normalizedTruthTable(before, 80)).toBe(table(INTO_XA_DENIED));
    const after = {
      ...before,
      namespaces: before.namespaces.map(namespace =>
        namespace.name === 'y'
          ? { ...namespace, labels: { ...namespace.labels, ns2: 'updated' } }
          : namespace,
      ),
    };
    expect(normalizedTruthTable(after, 80)).toBe(table(INTO_XA_ONLY_FROM_Y));
  });

  it('follows pod labels: a pod gains access, or becomes isolated, when its labels change', () => {
    const allowUpdated = networkPolicy('x', 'allow-client-a-via-pod-selector', {
      podSelector: { matchLabels: { pod: 'a' } },
      ingress: [
        {
          from: [
            { podSelector: { matchLabels: { pod: 'b', pod2: 'updated' } } },
          ],
        },
      ],
    });
    const before = upstreamCluster([allowUpdated]);
    expect(normalizedTruthTable(before, 80)).toBe(table(INTO_XA_DENIED));
    const relabel = (name: string, labels: Record<string, string>) => ({
      ...before,
      pods: before.pods.map(pod =>
        pod.namespace === 'x' && pod.name === name
          ? { ...pod, labels: { ...pod.labels, ...labels } }
          : pod,
      ),
    });
    expect(normalizedTruthTable(relabel('b', { pod2: 'updated' }), 80)).toBe(
      table(INTO_XA_ONLY_FROM_XB),
    );

    const isolateTarget = upstreamCluster([
      networkPolicy('x', 'deny-ingress-via-label-selector', {
        podSelector: { matchLabels: { target: 'isolated' } },
        ingress: [],
      }),
    ]);
    expect(normalizedTruthTable(isolateTarget, 80)).toBe(table(OPEN));
    const isolated = {
      ...isolateTarget,
      pods: isolateTarget.pods.map(pod =>
        pod.namespace === 'x' && pod.name === 'a'
          ? { ...pod, labels: { ...pod.labels, target: 'isolated' } }
          : pod,
      ),
    };
    expect(normalizedTruthTable(isolated, 80)).toBe(table(INTO_XA_DENIED));
  });

  it('opens everything again once the policies are deleted', () => {
    expect(normalizedTruthTable(upstreamCluster([]), 80)).toBe(table(OPEN));
  });
});
