/*
 * What a request preview's access analysis costs on a large cluster: generated live views
 * of 2,000 and 4,000 pods with 500 policies, and a request that edits one policy (an
 * allow policy gains a peer namespace) or removes one. Every port any policy or pod names
 * is analysed, as analyseRequestAccess does. Figures, not assertions: the median CPU time
 * of the process (user + system) with wall time beside it.
 *
 *   yarn workspace @netseal/backstage-plugin-netseal-backend bench:request-access
 */
/* eslint-disable no-console -- printing figures is what a bench is for */
import type {
  ClusterSnapshot,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import {
  analyseClusterAccess,
  ClusterAccessAnalysis,
  portsToAnalyse,
} from '@netseal/backstage-plugin-netseal-common';
// The reachability bench's generator, so both benches measure the same realistic
// clusters; it is a test fixture of common, not part of its API.
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { generateClusterSnapshot } from '@netseal/backstage-plugin-netseal-common/src/reachability/__fixtures__/generateClusterSnapshot';
import type {
  LiveViewForAnalysis,
  PolicyChangeToAnalyse,
} from '../src/requests/analyseRequestAccess';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = [
  { pods: 2000, namespaces: 50, policies: 500 },
  { pods: 4000, namespaces: 50, policies: 500 },
];

function median(work: () => void): { ms: number; wallMs: number } {
  work();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const cpuStart = process.cpuUsage();
    const wallStart = performance.now();
    work();
    wall.push(performance.now() - wallStart);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  const middle = (values: number[]) =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return { ms: middle(cpu), wallMs: middle(wall) };
}

function liveView(snapshot: ClusterSnapshot): LiveViewForAnalysis {
  return {
    connection: () => ({ state: 'connected', lastSyncedAt: new Date() }),
    networkPolicies: () => snapshot.policies,
    pods: () => snapshot.pods,
    namespaces: () =>
      snapshot.namespaces.map(namespace => ({
        ...namespace,
        labels: namespace.labels ?? {},
      })),
  };
}

/** The `api-from-web` policy of a namespace that runs both web and api pods. */
function target(snapshot: ClusterSnapshot): NetworkPolicy {
  const runs = (namespace: string | undefined, app: string) =>
    snapshot.pods.some(
      pod => pod.namespace === namespace && pod.labels?.app === app,
    );
  const policy = snapshot.policies.find(
    candidate =>
      candidate.metadata.name === 'api-from-web' &&
      runs(candidate.metadata.namespace, 'web') &&
      runs(candidate.metadata.namespace, 'api'),
  );
  if (!policy) throw new Error('the generated cluster has no api-from-web');
  return policy;
}

function edit(policy: NetworkPolicy): PolicyChangeToAnalyse {
  return {
    op: 'replace',
    cluster: 'bench',
    namespace: policy.metadata.namespace ?? '',
    name: policy.metadata.name ?? '',
    policy: {
      ...policy,
      spec: {
        ...policy.spec,
        ingress: [
          ...(policy.spec.ingress ?? []),
          {
            from: [{ namespaceSelector: { matchLabels: { team: 'growth' } } }],
            ports: [{ port: 'http' }],
          },
        ],
      },
    },
  };
}

console.log(
  `Request access analysis: Node ${process.version}, median CPU time of ${RUNS} runs (wall in brackets).`,
);
for (const size of SIZES) {
  const snapshot = generateClusterSnapshot(size);
  const view = liveView(snapshot);
  const policy = target(snapshot);
  const ports = portsToAnalyse(snapshot.policies, snapshot.pods).length;
  const remove: PolicyChangeToAnalyse = {
    op: 'remove',
    cluster: 'bench',
    namespace: policy.metadata.namespace ?? '',
    name: policy.metadata.name ?? '',
  };
  for (const [label, change] of [
    ['edit one policy', edit(policy)],
    ['remove one policy', remove],
  ] as const) {
    // As analyseRequestAccess gives it to a worker thread: the live policies before,
    // the changed one replaced or removed after.
    const before = view.networkPolicies('bench');
    const after = [
      ...before.filter(
        other =>
          other.metadata.namespace !== change.namespace ||
          other.metadata.name !== change.name,
      ),
      ...(change.policy ? [change.policy] : []),
    ];
    const input = {
      namespaces: view.namespaces('bench'),
      pods: view.pods('bench'),
      before,
      after,
      budget: Number.MAX_SAFE_INTEGER,
    };
    let sizing = { ports: 0, peers: 0 };
    let result: ClusterAccessAnalysis = analyseClusterAccess(input, {
      onSized: found => {
        sizing = found;
      },
    });
    const timing = median(() => {
      result = analyseClusterAccess(input);
    });
    if (result.kind !== 'analysed')
      throw new Error(`not analysed: ${result.kind}`);
    console.log(
      `  ${size.pods} pods, ${
        snapshot.policies.length
      } policies, ${ports} ports (${sizing.ports} analysed apart) × ${
        sizing.peers
      } peers, ${label}: ${timing.ms.toFixed(0)} ms (${timing.wallMs.toFixed(
        0,
      )} wall); ${result.openedFlows} flows open, ${
        result.closedFlows
      } close in ${result.changes.length} lines`,
    );
  }
}
