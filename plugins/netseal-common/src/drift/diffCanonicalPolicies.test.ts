import { SEAL_ANNOTATION } from '../constants';
import type { NetworkPolicy } from '../types';
import { diffCanonicalPolicies } from './diffCanonicalPolicies';

/*
 * Canonical order, which the paths below count in: lists are sorted by their elements'
 * JSON. In `payments`, the ingress rule whose first peer is an ipBlock sorts before the
 * one whose first peer is a namespaceSelector.
 */
const payments: NetworkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: {
    name: 'payments-api',
    namespace: 'payments',
    labels: { 'netseal.io/sealed': 'true' },
  },
  spec: {
    podSelector: { matchLabels: { app: 'payments' } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      {
        // canonical ingress[1]
        from: [
          {
            namespaceSelector: { matchLabels: { team: 'shop' } },
            podSelector: { matchLabels: { app: 'checkout' } },
          },
        ],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
      {
        // canonical ingress[0]
        from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }],
        ports: [{ port: 9090 }],
      },
    ],
    egress: [
      {
        to: [
          {
            podSelector: {
              matchExpressions: [
                { key: 'app', operator: 'In', values: ['postgres'] },
              ],
            },
          },
        ],
        ports: [{ protocol: 'TCP', port: 5432 }],
      },
    ],
  },
};

function edited(change: (policy: NetworkPolicy) => void): NetworkPolicy {
  const policy = structuredClone(payments);
  change(policy);
  return policy;
}

describe('diffCanonicalPolicies', () => {
  it('finds nothing between a manifest and itself', () => {
    expect(diffCanonicalPolicies(payments, payments)).toEqual([]);
  });

  it('finds nothing in what the API server defaults, manages or does not enforce', () => {
    const live = edited(policy => {
      Object.assign(policy.metadata, {
        uid: '0b1c5c52-2f7e-4f67-9a57-07c1ad2f4f1a',
        resourceVersion: '48213',
        generation: 3,
        creationTimestamp: '2026-11-26T09:00:00Z',
        managedFields: [{ manager: 'netseal', operation: 'Update' }],
        annotations: {
          [SEAL_ANNOTATION]: 'sha256:0000',
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
        },
      });
      policy.spec.ingress?.reverse();
      policy.spec.policyTypes = ['Egress', 'Ingress'];
      policy.spec.ingress![0].ports = [{ protocol: 'TCP', port: 9090 }];
      policy.spec.egress![0].ports = [
        { port: 5432 },
        { protocol: 'TCP', port: 5432 },
      ];
    });
    expect(diffCanonicalPolicies(payments, live)).toEqual([]);
  });

  it('names an added label by its key', () => {
    const live = edited(policy => {
      policy.metadata.labels!.team = 'payments';
    });
    expect(diffCanonicalPolicies(payments, live)).toEqual([
      { path: 'metadata.labels["team"]', live: 'payments' },
    ]);
  });

  it('names a changed and a removed label with both sides', () => {
    const sealed = edited(policy => {
      policy.metadata.labels!.tier = 'backend';
    });
    const live = edited(policy => {
      policy.metadata.labels!['netseal.io/sealed'] = 'false';
    });
    expect(diffCanonicalPolicies(sealed, live)).toEqual([
      {
        path: 'metadata.labels["netseal.io/sealed"]',
        sealed: 'true',
        live: 'false',
      },
      { path: 'metadata.labels["tier"]', sealed: 'backend' },
    ]);
  });

  it('names a changed pod selector label', () => {
    const live = edited(policy => {
      policy.spec.podSelector = { matchLabels: { app: 'payment' } };
    });
    expect(diffCanonicalPolicies(payments, live)).toEqual([
      {
        path: 'spec.podSelector.matchLabels["app"]',
        sealed: 'payments',
        live: 'payment',
      },
    ]);
  });

  it('reports a port added to a rule at the end of that rule, with the added port', () => {
    const live = edited(policy => {
      policy.spec.ingress![0].ports!.push({ port: 8443 });
    });
    expect(diffCanonicalPolicies(payments, live)).toEqual([
      {
        path: 'spec.ingress[1].ports[1]',
        live: { protocol: 'TCP', port: 8443 },
      },
    ]);
  });

  it('reports a changed port number as that field, not as a replaced rule', () => {
    const live = edited(policy => {
      policy.spec.ingress![0].ports = [{ protocol: 'TCP', port: 8081 }];
    });
    expect(diffCanonicalPolicies(payments, live)).toEqual([
      { path: 'spec.ingress[1].ports[0].port', sealed: 8080, live: 8081 },
    ]);
  });

  it('reports a changed protocol as that field', () => {
    const live = edited(policy => {
      policy.spec.egress![0].ports = [{ protocol: 'UDP', port: 5432 }];
    });
    expect(diffCanonicalPolicies(payments, live)).toEqual([
      { path: 'spec.egress[0].ports[0].protocol', sealed: 'TCP', live: 'UDP' },
    ]);
  });

  it('reports a port replaced by an unrelated one as one removed and one added', () => {
    const live = edited(policy => {
      policy.spec.egress![0].ports = [{ protocol: 'UDP', port: 53 }];
    });
    expect(diffCanonicalPolicies(payments, live)).toEqual([
      {
        path: 'spec.egress[0].ports[0]',
        sealed: { protocol: 'TCP', port: 5432 },
      },
      { path: 'spec.egress[0].ports[1]', live: { protocol: 'UDP', port: 53 } },
    ]);
  });

  it('reports a port range made wider at its endPort', () => {
    const sealed = edited(policy => {
      policy.spec.ingress![1].ports = [{ port: 9090, endPort: 9099 }];
    });
    const live = edited(policy => {
      policy.spec.ingress![1].ports = [{ port: 9090, endPort: 9199 }];
    });
    expect(diffCanonicalPolicies(sealed, live)).toEqual([
      { path: 'spec.ingress[0].ports[0].endPort', sealed: 9099, live: 9199 },
    ]);
  });

  it('reports an added ipBlock except at its place in the except list', () => {
    const live = edited(policy => {
      policy.spec.ingress![1].from![0].ipBlock!.except!.push('10.2.0.0/16');
    });
    expect(diffCanonicalPolicies(payments, live)).toEqual([
      {
        path: 'spec.ingress[0].from[0].ipBlock.except[1]',
        live: '10.2.0.0/16',
      },
    ]);
  });

  it('reports an added peer whole', () => {
    const peer = { ipBlock: { cidr: '192.0.2.10/32' } };
    const live = edited(policy => {
      policy.spec.ingress![0].from!.push(peer);
    });
    expect(diffCanonicalPolicies(payments, live)).toEqual([
      {
        path: 'spec.ingress[1].from[1]',
        live: { ipBlock: { cidr: '192.0.2.10/32', except: [] } },
      },
    ]);
  });

  it('tells a peer pod selector that is empty from one that is absent', () => {
    const live = edited(policy => {
      policy.spec.ingress![0].from = [
        {
          namespaceSelector: { matchLabels: { team: 'shop' } },
          podSelector: {},
        },
      ];
    });
    const without = edited(policy => {
      policy.spec.ingress![0].from = [
        { namespaceSelector: { matchLabels: { team: 'shop' } } },
      ];
    });
    expect(diffCanonicalPolicies(without, live)).toEqual([
      {
        path: 'spec.ingress[1].from[0].podSelector',
        live: { matchLabels: {}, matchExpressions: [] },
      },
    ]);
  });

  it('reports a value added to a selector requirement', () => {
    const live = edited(policy => {
      policy.spec.egress![0].to![0].podSelector!.matchExpressions![0].values!.push(
        'pgbouncer',
      );
    });
    expect(diffCanonicalPolicies(payments, live)).toEqual([
      {
        path: 'spec.egress[0].to[0].podSelector.matchExpressions[0].values[1]',
        live: 'pgbouncer',
      },
    ]);
  });

  it('reports a rule that allows everything, added live, as a new rule', () => {
    const live = edited(policy => {
      policy.spec.ingress!.push({});
    });
    expect(diffCanonicalPolicies(payments, live)).toEqual([
      { path: 'spec.ingress[2]', live: { from: [], ports: [] } },
    ]);
  });

  it('reports a rule removed live with the sealed rule', () => {
    const live = edited(policy => {
      policy.spec.egress = [];
    });
    expect(diffCanonicalPolicies(payments, live)).toEqual([
      {
        path: 'spec.egress[0]',
        sealed: {
          to: [
            {
              podSelector: {
                matchLabels: {},
                matchExpressions: [
                  { key: 'app', operator: 'In', values: ['postgres'] },
                ],
              },
            },
          ],
          ports: [{ protocol: 'TCP', port: 5432 }],
        },
      },
    ]);
  });

  it('reports a policy type added live', () => {
    const sealed = edited(policy => {
      policy.spec.policyTypes = ['Ingress'];
    });
    expect(diffCanonicalPolicies(sealed, payments)).toEqual([
      { path: 'spec.policyTypes[1]', live: 'Egress' },
    ]);
  });

  it('reports a renamed or moved object at its identity fields', () => {
    const live = edited(policy => {
      policy.metadata.name = 'payments-api-2';
      policy.metadata.namespace = 'payments-staging';
    });
    expect(diffCanonicalPolicies(payments, live)).toEqual([
      {
        path: 'metadata.namespace',
        sealed: 'payments',
        live: 'payments-staging',
      },
      { path: 'metadata.name', sealed: 'payments-api', live: 'payments-api-2' },
    ]);
  });

  it('reads label keys as data, never as properties of the object', () => {
    const live = edited(policy => {
      policy.metadata.labels = {
        ...policy.metadata.labels,
        constructor: 'x',
        toString: 'y',
      };
    });
    expect(diffCanonicalPolicies(payments, live)).toEqual([
      { path: 'metadata.labels["constructor"]', live: 'x' },
      { path: 'metadata.labels["toString"]', live: 'y' },
    ]);
  });

  it('does not pair a rule with an unrelated one', () => {
    const live = edited(policy => {
      policy.spec.ingress![0] = {
        from: [{ podSelector: { matchLabels: { app: 'fraud-check' } } }],
        ports: [{ protocol: 'TCP', port: 7000 }],
      };
    });
    expect(diffCanonicalPolicies(payments, live).map(d => d.path)).toEqual([
      'spec.ingress[1]',
      'spec.ingress[2]',
    ]);
  });

  it('reports each of thousands of added rules whole, without pairing them', () => {
    const rule = (port: number) => ({
      from: [{ podSelector: { matchLabels: { app: `client-${port}` } } }],
      ports: [{ protocol: 'TCP' as const, port }],
    });
    const sealed = edited(policy => {
      policy.spec.ingress = Array.from({ length: 150 }, (_, i) => rule(i + 1));
    });
    const live = edited(policy => {
      policy.spec.ingress = Array.from({ length: 3000 }, (_, i) => rule(i + 6));
    });
    const differences = diffCanonicalPolicies(sealed, live);
    // Rules 1 to 5 are gone, rules 151 to 3005 are new.
    expect(differences).toHaveLength(5 + 2855);
    expect(differences[0]).toEqual({
      path: 'spec.ingress[0]',
      sealed: {
        from: [
          {
            podSelector: {
              matchLabels: { app: 'client-1' },
              matchExpressions: [],
            },
          },
        ],
        ports: [{ protocol: 'TCP', port: 1 }],
      },
    });
    expect(differences.every(d => d.path.startsWith('spec.ingress['))).toBe(
      true,
    );
  });
});
