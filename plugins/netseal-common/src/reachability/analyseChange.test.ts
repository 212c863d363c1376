import type { NetworkPolicy } from '../types';
import {
  accessDiffAsWritten,
  analyseChange,
  ipBlockEndpoints,
} from './analyseChange';
import { describeAccessChange } from './describeAccessChange';
import { portsToAnalyse } from './portsToAnalyse';
import { buildReachabilityModel } from './ReachabilityModel';
import type { ClusterSnapshot } from './types';

const snapshot: ClusterSnapshot = {
  namespaces: [
    { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop' } },
    { name: 'data', labels: { 'kubernetes.io/metadata.name': 'data' } },
  ],
  pods: [
    {
      namespace: 'shop',
      name: 'web-0',
      labels: { app: 'web' },
      ips: ['10.0.0.1'],
    },
    {
      namespace: 'shop',
      name: 'worker-0',
      labels: { app: 'worker' },
      ips: ['10.0.0.2'],
    },
    {
      namespace: 'data',
      name: 'db-0',
      labels: { app: 'db' },
      ips: ['10.0.1.1'],
      containerPorts: [{ name: 'pg', containerPort: 5432 }],
    },
  ],
  policies: [],
};

const denyAll: NetworkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'db', namespace: 'data' },
  spec: { podSelector: {}, policyTypes: ['Ingress'] },
};

const allowWeb: NetworkPolicy = {
  ...denyAll,
  spec: {
    podSelector: {},
    policyTypes: ['Ingress'],
    ingress: [
      {
        from: [
          {
            namespaceSelector: {},
            podSelector: { matchLabels: { app: 'web' } },
          },
          { ipBlock: { cidr: '192.168.0.0/16' } },
          { ipBlock: { cidr: 'fd00::/8' } },
        ],
        ports: [{ port: 5432 }],
      },
    ],
  },
};

describe('ipBlockEndpoints', () => {
  it('names every CIDR of one address family once, sorted', () => {
    expect(ipBlockEndpoints([allowWeb, allowWeb], 'IPv4')).toEqual([
      { name: '192.168.0.0/16', cidr: '192.168.0.0/16' },
    ]);
    expect(ipBlockEndpoints([allowWeb], 'IPv6')).toEqual([
      { name: 'fd00::/8', cidr: 'fd00::/8' },
    ]);
  });
});

describe('analyseChange', () => {
  const policies = [denyAll, allowWeb];
  const ports = portsToAnalyse(policies, snapshot.pods);
  const analyses = analyseChange(
    buildReachabilityModel(snapshot),
    [denyAll],
    [allowWeb],
    ports,
    { ipFamily: 'IPv4', externalEndpoints: ipBlockEndpoints(policies, 'IPv4') },
  );

  it('opens the allowed port to the web pods and the CIDR, and nothing on the other ports', () => {
    const opened = analyses
      .filter(analysis => analysis.diff.changes.length > 0)
      .flatMap(analysis => analysis.diff.changes.map(describeAccessChange));
    expect(opened).toEqual([
      'Opens: 192.168.0.0/16 → all pods in namespace data on TCP 5432 (1 flow; allowed by data/db; was isolated by data/db).',
      'Opens: pods app=web in namespace shop → all pods in namespace data on TCP 5432 (1 flow; allowed by data/db; was isolated by data/db).',
    ]);
  });

  it('writes the port that stands for all the others as "any other port"', () => {
    const other = analyses.find(
      analysis =>
        analysis.analysed.otherPorts && analysis.analysed.protocol === 'TCP',
    )!;
    expect(accessDiffAsWritten(other).port).toBe('any other port');
  });
});
