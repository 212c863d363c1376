import type { NetworkPolicy } from '../types';
import { generateClusterSnapshot } from './__fixtures__/generateClusterSnapshot';
import { networkPolicy } from './__fixtures__/upstreamCluster';
import { computeAccessMatrix } from './computeAccessMatrix';
import {
  describeAccessChange,
  summarizeAccessDiff,
} from './describeAccessChange';
import { diffAccess } from './diffAccess';
import { buildReachabilityModel } from './ReachabilityModel';
import type { ClusterPod, ClusterSnapshot } from './types';

function pods(
  namespace: string,
  app: string,
  count: number,
  firstAddress: number,
): ClusterPod[] {
  return Array.from({ length: count }, (_, i) => ({
    namespace,
    name: `${app}-${i}`,
    labels: { app, 'pod-template-hash': `h${i}` },
    ips: [`10.1.0.${firstAddress + i}`],
    containerPorts:
      app === 'db' ? [{ name: 'postgres', containerPort: 5432 }] : [],
  }));
}

const defaultDenyData = networkPolicy('data', 'default-deny', {
  podSelector: {},
  ingress: [],
});
const dbFromWeb = networkPolicy('data', 'db-from-web', {
  podSelector: { matchLabels: { app: 'db' } },
  ingress: [
    {
      from: [
        {
          namespaceSelector: { matchLabels: { team: 'checkout' } },
          podSelector: { matchLabels: { app: 'web' } },
        },
      ],
      ports: [{ port: 'postgres' }],
    },
  ],
});

function shop(policies: NetworkPolicy[]): ClusterSnapshot {
  return {
    namespaces: [
      { name: 'shop', labels: { team: 'checkout' } },
      { name: 'data', labels: { team: 'platform' } },
    ],
    pods: [
      ...pods('shop', 'web', 3, 10),
      ...pods('shop', 'api', 2, 20),
      ...pods('data', 'db', 2, 30),
      ...pods('data', 'cache', 1, 40),
    ],
    policies,
  };
}

describe('diffAccess', () => {
  it('groups the flows a new allow policy opens by namespace and labels, not by pod pair', () => {
    const before = buildReachabilityModel(shop([defaultDenyData]));
    const diff = diffAccess(before, [defaultDenyData, dbFromWeb], {
      port: 5432,
    });
    expect(diff.openedFlows).toBe(6);
    expect(diff.closedFlows).toBe(0);
    expect(diff.changes).toHaveLength(1);
    const [change] = diff.changes;
    expect(change).toMatchObject({
      change: 'opened',
      protocol: 'TCP',
      port: 5432,
      flows: 6,
      from: {
        kind: 'pods',
        everyPod: false,
        podCount: 3,
        namespaces: [
          {
            namespace: 'shop',
            allPods: false,
            selectedBy: { matchLabels: { app: 'web' } },
          },
        ],
      },
      to: {
        kind: 'pods',
        podCount: 2,
        namespaces: [
          {
            namespace: 'data',
            allPods: false,
            selectedBy: { matchLabels: { app: 'db' } },
          },
        ],
      },
      decidedBy: {
        before: [{ namespace: 'data', name: 'default-deny' }],
        after: [{ namespace: 'data', name: 'db-from-web' }],
      },
    });
    expect(describeAccessChange(change)).toBe(
      'Opens: pods app=web in namespace shop → pods app=db in namespace data on TCP 5432 (6 flows; allowed by data/db-from-web; was isolated by data/default-deny).',
    );
  });

  it('collapses a namespace-wide default deny into one change from every pod', () => {
    const diff = diffAccess(shop([]), [defaultDenyData], { port: 8080 });
    expect(diff.closedFlows).toBe(8 * 3);
    expect(diff.changes).toHaveLength(1);
    expect(describeAccessChange(diff.changes[0])).toBe(
      'Closes: every pod → all pods in namespace data on TCP 8080 (24 flows; isolated by data/default-deny).',
    );
  });

  it('reports nothing when the policies change nothing on the port', () => {
    const diff = diffAccess(
      shop([defaultDenyData]),
      [defaultDenyData, dbFromWeb],
      { port: 8080 },
    );
    expect(diff.changes).toEqual([]);
    expect(summarizeAccessDiff(diff)).toBe(
      'TCP 8080: no access path opens or closes.',
    );
  });

  it('shows how much of an outside CIDR becomes reachable', () => {
    const egress = networkPolicy('shop', 'web-egress', {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }],
          ports: [{ port: 443 }],
        },
      ],
    });
    const denyEgress = networkPolicy('shop', 'deny-egress', {
      podSelector: {},
      policyTypes: ['Egress'],
    });
    const diff = diffAccess(shop([denyEgress]), [denyEgress, egress], {
      port: 443,
      externalEndpoints: [
        { name: 'internet', cidr: '0.0.0.0/0' },
        { name: 'payments', cidr: '203.0.113.0/24' },
      ],
    });
    expect(
      diff.changes.map(change => [change.to, change.coverage, change.flows]),
    ).toEqual([
      [
        {
          kind: 'external',
          endpoints: [{ name: 'internet', cidr: '0.0.0.0/0' }],
        },
        { before: 'none', after: 'partial' },
        3,
      ],
      [
        {
          kind: 'external',
          endpoints: [{ name: 'payments', cidr: '203.0.113.0/24' }],
        },
        { before: 'none', after: 'all' },
        3,
      ],
    ]);
    expect(summarizeAccessDiff(diff)).toBe(
      [
        'TCP 443: 6 flows open, 0 close.',
        '- Opens: pods app=web in namespace shop → internet (0.0.0.0/0) on TCP 443 (3 flows; of the outside addresses, none of it was reachable and part of it is).',
        '- Opens: pods app=web in namespace shop → payments (203.0.113.0/24) on TCP 443 (3 flows; allowed by shop/web-egress; was isolated by shop/deny-egress).',
      ].join('\n'),
    );
  });

  it('reports traffic from outside the cluster that a policy stops', () => {
    const diff = diffAccess(shop([]), [defaultDenyData], {
      port: 5432,
      externalEndpoints: [{ name: 'office', cidr: '198.51.100.7' }],
    });
    const fromOffice = diff.changes.filter(
      change => change.from.kind === 'external',
    );
    expect(fromOffice).toHaveLength(1);
    expect(describeAccessChange(fromOffice[0])).toBe(
      'Closes: office (198.51.100.7) → all pods in namespace data on TCP 5432 (3 flows; isolated by data/default-deny).',
    );
  });

  it('names the pods of a namespace by the shortest selector that picks exactly them', () => {
    const apps = ['web', 'api', 'db', 'worker'];
    const snapshot: ClusterSnapshot = {
      namespaces: [{ name: 'apps' }],
      pods: apps.flatMap((app, i) => pods('apps', app, 2, 10 * i + 1)),
      policies: [],
    };
    const isolate = (name: string, app: string[]) =>
      networkPolicy('apps', name, {
        podSelector: {
          matchExpressions: [{ key: 'app', operator: 'In', values: app }],
        },
        policyTypes: ['Egress'],
      });
    const describeSources = (selected: string[]) =>
      diffAccess(snapshot, [isolate('isolate', selected)], {
        port: 80,
      }).changes.map(change =>
        change.from.kind === 'pods'
          ? describeAccessChange(change).split(' → ')[0]
          : '',
      );
    expect(describeSources(['db'])).toEqual([
      'Closes: pods app=db in namespace apps',
    ]);
    expect(describeSources(['web', 'api', 'db'])).toEqual([
      'Closes: pods in namespace apps other than app=worker',
    ]);
    expect(describeSources(['web', 'api'])).toEqual([
      'Closes: pods app in (api, web) in namespace apps',
    ]);
  });

  it('names whole namespaces and common labels when a policy picks them', () => {
    const webOrApi = networkPolicy('data', 'db-from-web-and-api', {
      podSelector: {},
      ingress: [
        {
          from: [
            {
              namespaceSelector: {},
              podSelector: {
                matchExpressions: [
                  { key: 'app', operator: 'In', values: ['web', 'api'] },
                ],
              },
            },
          ],
        },
      ],
    });
    const diff = diffAccess(
      shop([defaultDenyData]),
      [defaultDenyData, webOrApi],
      { port: 80 },
    );
    expect(diff.changes.map(describeAccessChange)).toEqual([
      'Opens: all pods in namespace shop → all pods in namespace data on TCP 80 (15 flows; allowed by data/db-from-web-and-api; was isolated by data/default-deny).',
    ]);
    const onlyWebAndDb = networkPolicy('data', 'from-web', {
      podSelector: {
        matchExpressions: [
          { key: 'app', operator: 'NotIn', values: ['cache'] },
        ],
      },
      ingress: [
        {
          from: [
            {
              namespaceSelector: {},
              podSelector: { matchLabels: { app: 'web' } },
            },
          ],
        },
      ],
    });
    const narrower = diffAccess(
      shop([defaultDenyData]),
      [defaultDenyData, onlyWebAndDb],
      { port: 80 },
    );
    expect(narrower.changes.map(describeAccessChange)).toEqual([
      'Opens: pods app=web in namespace shop → pods app=db in namespace data on TCP 80 (6 flows; allowed by data/from-web; was isolated by data/default-deny).',
    ]);
  });

  it('keeps a one-policy change on a generated cluster to a few groups covering each flow once', () => {
    const snapshot = generateClusterSnapshot({
      pods: 300,
      namespaces: 12,
      policies: 80,
    });
    const model = buildReachabilityModel(snapshot);
    const namespace = snapshot.namespaces[5].name;
    const denyEgress = networkPolicy(namespace, 'deny-egress-now', {
      podSelector: {},
      policyTypes: ['Egress'],
    });
    const diff = diffAccess(model, [...snapshot.policies, denyEgress], {
      port: 8080,
    });
    const classes = computeAccessMatrix(
      model.withPolicies([...snapshot.policies, denyEgress]),
      { port: 8080 },
    ).podClasses.length;

    const pairs = new Set<string>();
    for (const change of diff.changes) {
      if (change.from.kind !== 'pods' || change.to.kind !== 'pods') continue;
      for (const from of change.from.pods) {
        for (const to of change.to.pods)
          pairs.add(
            `${from.namespace}/${from.name}>${to.namespace}/${to.name}`,
          );
      }
    }
    expect(pairs.size).toBe(diff.closedFlows);
    expect(diff.openedFlows).toBe(0);
    expect(diff.closedFlows).toBeGreaterThan(100);
    expect(diff.changes.length).toBeLessThanOrEqual(classes * classes);
    expect(diff.changes.length).toBeLessThan(10);
    expect(
      diff.changes.every(
        change =>
          change.from.kind === 'pods' &&
          change.from.namespaces.every(n => n.namespace === namespace),
      ),
    ).toBe(true);
  });

  it('refuses options it cannot use', () => {
    expect(() => diffAccess(shop([]), [], { port: 0 })).toThrow(
      'port must be a number between 1 and 65535 or a port name such as "http" (got 0)',
    );
    expect(() =>
      diffAccess(shop([]), [], {
        port: 80,
        externalEndpoints: [{ name: 'x', cidr: '10.0.0.0/40' }],
      }),
    ).toThrow(
      'externalEndpoints[0].cidr must be an address or a CIDR such as 0.0.0.0/0 (got "10.0.0.0/40")',
    );
  });
});
