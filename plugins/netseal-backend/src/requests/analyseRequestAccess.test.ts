import { NotFoundError } from '@backstage/errors';
import type { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';
import type { ClusterConnection, LiveNamespace, LivePod } from '../clusters';
import {
  analyseRequestAccess,
  LiveViewForAnalysis,
} from './analyseRequestAccess';

const namespaces: LiveNamespace[] = [
  { name: 'shop', labels: { team: 'shop' } },
  { name: 'checkout', labels: { team: 'checkout' } },
];

const pods: LivePod[] = [
  {
    namespace: 'shop',
    name: 'payments-0',
    labels: { app: 'payments' },
    ips: ['10.0.0.5'],
    containerPorts: [{ name: 'https', containerPort: 8443 }],
  },
  {
    namespace: 'checkout',
    name: 'checkout-0',
    labels: { app: 'checkout' },
    ips: ['10.0.1.5'],
  },
];

const allowCheckout: NetworkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'allow-checkout', namespace: 'shop' },
  spec: {
    podSelector: { matchLabels: { app: 'payments' } },
    ingress: [
      {
        from: [{ namespaceSelector: { matchLabels: { team: 'checkout' } } }],
        ports: [{ port: 8443 }],
      },
    ],
  },
};

const denyAll: NetworkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'deny-all', namespace: 'shop' },
  spec: { podSelector: {}, policyTypes: ['Ingress'] },
};

function liveView(
  connections: Record<string, ClusterConnection>,
  policies: NetworkPolicy[],
): LiveViewForAnalysis {
  return {
    connection: cluster => {
      if (!connections[cluster]) {
        throw new NotFoundError(`No cluster ${cluster}`);
      }
      return connections[cluster];
    },
    networkPolicies: () => policies,
    pods: () => pods,
    namespaces: () => namespaces,
  };
}

const connected: ClusterConnection = {
  state: 'connected',
  lastSyncedAt: new Date(0),
};

describe('analyseRequestAccess', () => {
  it('reports the flows a removed policy closes, by namespace and labels', async () => {
    const [prod] = await analyseRequestAccess(
      liveView({ prod: connected }, [denyAll, allowCheckout]),
      [
        {
          op: 'remove',
          cluster: 'prod',
          namespace: 'shop',
          name: 'allow-checkout',
        },
      ],
    );

    expect(prod).toEqual({
      cluster: 'prod',
      openedFlows: 0,
      closedFlows: 1,
      changes: [
        {
          change: 'closed',
          protocol: 'TCP',
          port: 8443,
          otherPorts: false,
          flows: 1,
          text: 'Closes: all pods in namespace checkout → all pods in namespace shop on TCP 8443 (1 flow; isolated by shop/deny-all; was allowed by shop/allow-checkout).',
        },
      ],
    });
  });

  it('reports the flows an added policy opens and no change for an unchanged replacement', async () => {
    const view = liveView({ prod: connected }, [denyAll]);

    const [added] = await analyseRequestAccess(view, [
      {
        op: 'add',
        cluster: 'prod',
        namespace: 'shop',
        name: 'allow-checkout',
        policy: allowCheckout,
      },
    ]);
    const [same] = await analyseRequestAccess(view, [
      {
        op: 'replace',
        cluster: 'prod',
        namespace: 'shop',
        name: 'deny-all',
        policy: denyAll,
      },
    ]);

    expect(added.openedFlows).toBe(1);
    expect(added.changes.map(line => line.text)).toEqual([
      expect.stringMatching(
        /^Opens: all pods in namespace checkout → all pods in namespace shop on TCP 8443/,
      ),
    ]);
    expect(same).toEqual({
      cluster: 'prod',
      openedFlows: 0,
      closedFlows: 0,
      changes: [],
    });
  });

  it('says why a cluster without a live view is not analysed, and what to do', async () => {
    const results = await analyseRequestAccess(
      liveView(
        {
          connecting: { state: 'connecting' },
          down: {
            state: 'unreachable',
            reason: 'connect ECONNREFUSED',
            since: new Date(0),
          },
        },
        [denyAll],
      ),
      ['down', 'connecting', 'gone'].map(cluster => ({
        op: 'remove' as const,
        cluster,
        namespace: 'shop',
        name: 'deny-all',
      })),
    );

    expect(results.map(result => [result.cluster, result.unavailable])).toEqual(
      [
        [
          'connecting',
          expect.stringMatching(
            /^cluster connecting has not finished its first sync.*wait for it/,
          ),
        ],
        [
          'down',
          expect.stringMatching(
            /^cluster down is unreachable \(connect ECONNREFUSED\).*fix the connection/,
          ),
        ],
        ['gone', expect.stringMatching(/^cluster gone is not configured/)],
      ],
    );
    expect(results.every(result => result.changes.length === 0)).toBe(true);
  });
});

describe('analyseRequestAccess on a live object the model cannot read', () => {
  it('reports the cluster unavailable, naming the object', async () => {
    const broken: NetworkPolicy = {
      ...denyAll,
      metadata: { name: 'broken', namespace: 'shop' },
      spec: {
        podSelector: {
          matchExpressions: [{ key: 'app', operator: 'In', values: [] }],
        },
      },
    };

    const [prod] = await analyseRequestAccess(
      liveView({ prod: connected }, [denyAll, broken]),
      [{ op: 'remove', cluster: 'prod', namespace: 'shop', name: 'deny-all' }],
    );

    expect(prod.changes).toEqual([]);
    expect(prod.unavailable).toMatch(
      /^the reachability model cannot read .* of cluster prod \(.*at least one value for operator In.*\); fix that object/,
    );
  });
});
