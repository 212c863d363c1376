/**
 * Deterministic, realistic clusters for the bench and for scale tests: teams own
 * namespaces of web/api/worker/db/cache/queue workloads with canary versions, template
 * hashes and StatefulSet pod names; policies mix default denies, DNS egress, named ports,
 * cross-namespace selectors, matchExpressions, ipBlocks with excepts and port ranges.
 */
import type { NetworkPolicy, NetworkPolicySpec } from '../../types';
import type {
  ClusterNamespace,
  ClusterPod,
  ClusterSnapshot,
  ContainerPort,
} from '../types';

export interface GeneratedClusterSize {
  pods: number;
  namespaces: number;
  policies: number;
  seed?: number;
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface AppKind {
  app: string;
  tier: string;
  ports: ContainerPort[];
  statefulSet?: boolean;
  weight: number;
}

const APPS: AppKind[] = [
  {
    app: 'web',
    tier: 'frontend',
    weight: 4,
    ports: [
      { name: 'http', containerPort: 8080 },
      { name: 'metrics', containerPort: 9090 },
    ],
  },
  {
    app: 'api',
    tier: 'backend',
    weight: 4,
    ports: [
      { name: 'http', containerPort: 8080 },
      { name: 'grpc', containerPort: 9000 },
      { name: 'metrics', containerPort: 9090 },
    ],
  },
  {
    app: 'worker',
    tier: 'backend',
    weight: 3,
    ports: [{ name: 'metrics', containerPort: 9090 }],
  },
  {
    app: 'db',
    tier: 'data',
    weight: 2,
    statefulSet: true,
    ports: [
      { name: 'postgres', containerPort: 5432 },
      { name: 'metrics', containerPort: 9187 },
    ],
  },
  {
    app: 'cache',
    tier: 'data',
    weight: 2,
    statefulSet: true,
    ports: [{ name: 'redis', containerPort: 6379 }],
  },
  {
    app: 'queue',
    tier: 'data',
    weight: 1,
    statefulSet: true,
    ports: [
      { name: 'amqp', containerPort: 5672 },
      { name: 'metrics', containerPort: 15692 },
    ],
  },
];
const TEAMS = [
  'checkout',
  'catalog',
  'payments',
  'search',
  'identity',
  'growth',
  'ml',
  'support',
  'ledger',
  'media',
];
const ENVS = ['prod', 'staging', 'dev'];
const NS_NAME = 'kubernetes.io/metadata.name';

function policy(
  namespace: string,
  name: string,
  spec: NetworkPolicySpec,
): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { namespace, name },
    spec,
  };
}

function podAddress(index: number): string[] {
  const v4 = `10.${64 + (index >> 16)}.${(index >> 8) & 255}.${index & 255}`;
  return index % 3 === 0 ? [v4, `fd00:64::${index.toString(16)}`] : [v4];
}

export function generateClusterSnapshot(
  size: GeneratedClusterSize,
): ClusterSnapshot {
  const next = random(size.seed ?? 42);
  const pick = <T>(items: readonly T[]): T =>
    items[Math.floor(next() * items.length)];

  const namespaces: ClusterNamespace[] = [
    { name: 'kube-system', labels: {} },
    { name: 'ingress-nginx', labels: { purpose: 'ingress' } },
    {
      name: 'monitoring',
      labels: { purpose: 'observability', team: 'platform' },
    },
  ];
  const teamNamespaces: Array<{
    name: string;
    team: string;
    env: string;
    apps: AppKind[];
  }> = [];
  for (let i = namespaces.length; i < size.namespaces; i++) {
    const team = TEAMS[i % TEAMS.length];
    const env = ENVS[Math.floor(i / TEAMS.length) % ENVS.length];
    const name = `${team}-${env}-${i}`;
    const apps = APPS.filter(() => next() < 0.8);
    teamNamespaces.push({
      name,
      team,
      env,
      apps: apps.length > 0 ? apps : [APPS[0]],
    });
    namespaces.push({
      name,
      labels: {
        team,
        env,
        'istio-injection': next() < 0.5 ? 'enabled' : 'disabled',
      },
    });
  }

  const pods: ClusterPod[] = [];
  const addPod = (
    namespace: string,
    name: string,
    labels: Record<string, string>,
    ports: ContainerPort[],
  ) => {
    pods.push({
      namespace,
      name,
      labels,
      ips: podAddress(pods.length),
      containerPorts: ports,
    });
  };
  const dnsPorts: ContainerPort[] = [
    { name: 'dns', containerPort: 53, protocol: 'UDP' },
    { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
  ];
  for (let i = 0; i < 2; i++)
    addPod(
      'kube-system',
      `coredns-5d78c9869d-${i}`,
      { 'k8s-app': 'kube-dns', 'pod-template-hash': '5d78c9869d' },
      dnsPorts,
    );
  for (let i = 0; i < 2; i++)
    addPod(
      'ingress-nginx',
      `ingress-nginx-controller-${i}`,
      {
        'app.kubernetes.io/name': 'ingress-nginx',
        'app.kubernetes.io/component': 'controller',
      },
      [
        { name: 'http', containerPort: 80 },
        { name: 'https', containerPort: 443 },
      ],
    );
  addPod(
    'monitoring',
    'prometheus-0',
    { app: 'prometheus', 'statefulset.kubernetes.io/pod-name': 'prometheus-0' },
    [{ name: 'web', containerPort: 9090 }],
  );

  const workloads = teamNamespaces.flatMap(ns =>
    ns.apps.map(app => ({ ns, app })),
  );
  const totalWeight = workloads.reduce(
    (sum, workload) => sum + workload.app.weight,
    0,
  );
  const budget = size.pods - pods.length;
  let made = 0;
  workloads.forEach((workload, w) => {
    const share =
      w === workloads.length - 1
        ? budget - made
        : Math.round((budget * workload.app.weight) / totalWeight);
    for (let r = 0; r < share && made < budget; r++, made++) {
      const canary = !workload.app.statefulSet && r % 5 === 4;
      const version = canary ? 'v2' : 'v1';
      const labels: Record<string, string> = {
        app: workload.app.app,
        tier: workload.app.tier,
        team: workload.ns.team,
        version,
      };
      const name = workload.app.statefulSet
        ? `${workload.app.app}-${r}`
        : `${workload.app.app}-${version}-${(r * 7919).toString(36)}`;
      if (workload.app.statefulSet)
        labels['statefulset.kubernetes.io/pod-name'] = name;
      else
        labels['pod-template-hash'] = `${workload.app.app}${version}`.padEnd(
          10,
          'x',
        );
      addPod(workload.ns.name, name, labels, workload.app.ports);
    }
  });

  // Candidate policies per namespace, most common first; taken round-robin up to the count.
  const candidates = teamNamespaces.map(ns => {
    const list: NetworkPolicy[] = [];
    const has = (app: string) => ns.apps.some(kind => kind.app === app);
    list.push(
      policy(ns.name, 'default-deny-ingress', {
        podSelector: {},
        policyTypes: ['Ingress'],
      }),
    );
    list.push(
      policy(ns.name, 'allow-metrics-scrape', {
        podSelector: {},
        ingress: [
          {
            from: [
              {
                namespaceSelector: { matchLabels: { [NS_NAME]: 'monitoring' } },
                podSelector: { matchLabels: { app: 'prometheus' } },
              },
            ],
            ports: [{ port: 'metrics' }],
          },
        ],
      }),
    );
    if (has('web')) {
      list.push(
        policy(ns.name, 'web-from-ingress', {
          podSelector: { matchLabels: { app: 'web' } },
          ingress: [
            {
              from: [
                {
                  namespaceSelector: { matchLabels: { purpose: 'ingress' } },
                  podSelector: {
                    matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' },
                  },
                },
              ],
              ports: [{ port: 'http' }],
            },
          ],
        }),
      );
    }
    if (has('api')) {
      list.push(
        policy(ns.name, 'api-from-web', {
          podSelector: { matchLabels: { app: 'api' } },
          ingress: [
            {
              from: [{ podSelector: { matchLabels: { app: 'web' } } }],
              ports: [{ port: 'http' }, { port: 9000, protocol: 'TCP' }],
            },
          ],
        }),
      );
    }
    const storePorts: Record<string, string> = {
      db: 'postgres',
      cache: 'redis',
      queue: 'amqp',
    };
    for (const store of ['db', 'cache', 'queue']) {
      if (!has(store)) continue;
      list.push(
        policy(ns.name, `${store}-from-backends`, {
          podSelector: { matchLabels: { app: store } },
          ingress: [
            {
              from: [
                {
                  podSelector: {
                    matchExpressions: [
                      { key: 'app', operator: 'In', values: ['api', 'worker'] },
                    ],
                  },
                },
              ],
              ports: [{ port: storePorts[store] }],
            },
          ],
        }),
      );
    }
    if (next() < 0.4) {
      list.push(
        policy(ns.name, 'default-deny-egress', {
          podSelector: {},
          policyTypes: ['Egress'],
        }),
      );
      list.push(
        policy(ns.name, 'allow-dns', {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [
            {
              to: [
                {
                  namespaceSelector: {
                    matchLabels: { [NS_NAME]: 'kube-system' },
                  },
                  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
                },
              ],
              ports: [
                { port: 53, protocol: 'UDP' },
                { port: 53, protocol: 'TCP' },
              ],
            },
          ],
        }),
      );
      list.push(
        policy(ns.name, 'allow-egress-in-namespace', {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [{ to: [{ podSelector: {} }] }],
        }),
      );
    }
    if (has('worker')) {
      list.push(
        policy(ns.name, 'worker-to-internet', {
          podSelector: { matchLabels: { app: 'worker' } },
          policyTypes: ['Egress'],
          egress: [
            {
              to: [
                {
                  ipBlock: {
                    cidr: '0.0.0.0/0',
                    except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'],
                  },
                },
              ],
              ports: [{ port: 443 }],
            },
            {
              to: [{ ipBlock: { cidr: '203.0.113.0/24' } }],
              ports: [{ port: 8000, endPort: 8100 }],
            },
          ],
        }),
      );
    }
    list.push(
      policy(ns.name, 'canary-from-non-prod', {
        podSelector: { matchLabels: { version: 'v2' } },
        ingress: [
          {
            from: [
              {
                namespaceSelector: {
                  matchExpressions: [
                    { key: 'env', operator: 'NotIn', values: ['prod'] },
                  ],
                },
              },
            ],
          },
        ],
      }),
    );
    // Then cross-team grants, as many as the policy count asks for.
    for (let k = 0; k < 40; k++) {
      const app = pick(ns.apps).app;
      const peerTeam = pick(TEAMS);
      list.push(
        policy(ns.name, `${app}-from-team-${peerTeam}-${k}`, {
          podSelector: { matchLabels: { app } },
          ingress: [
            {
              from: [
                {
                  namespaceSelector: { matchLabels: { team: peerTeam } },
                  podSelector: {
                    matchExpressions: [
                      {
                        key: 'tier',
                        operator: 'In',
                        values: ['frontend', 'backend'],
                      },
                    ],
                  },
                },
              ],
              ports: [{ port: pick(['http', 'grpc', 'postgres', 'redis']) }],
            },
          ],
        }),
      );
    }
    return list;
  });

  const policies: NetworkPolicy[] = [];
  for (let round = 0; policies.length < size.policies; round++) {
    let added = false;
    for (const list of candidates) {
      if (policies.length >= size.policies) break;
      if (round < list.length) {
        policies.push(list[round]);
        added = true;
      }
    }
    if (!added) break;
  }
  return { namespaces, pods, policies };
}
