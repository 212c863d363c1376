/**
 * Prints how long the reachability model takes on generated clusters, and how the cost
 * grows when pods and policies double. Figures, not assertions. Each figure is the median
 * CPU time of the process (user + system), which a busy shared machine inflates far less
 * than wall time; wall time is printed beside it.
 *
 *   yarn workspace @netseal/backstage-plugin-netseal-common bench:reachability
 */
/* eslint-disable no-console -- printing figures is what a bench is for */
import type { NetworkPolicy } from '../src/types';
import {
  buildReachabilityModel,
  ClusterSnapshot,
  computeAccessMatrix,
  countAllowedPodPairs,
  describeAccessChange,
  diffAccess,
} from '../src/reachability';
import type { AccessChange } from '../src/reachability';
import { generateClusterSnapshot } from '../src/reachability/__fixtures__/generateClusterSnapshot';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SIZES = [
  { pods: 2000, namespaces: 50, policies: 500 },
  { pods: 4000, namespaces: 50, policies: 500 },
  { pods: 2000, namespaces: 50, policies: 1000 },
  { pods: 4000, namespaces: 50, policies: 1000 },
];

interface Timing<T> {
  /** Median CPU milliseconds (the model is single-threaded: one core). */
  ms: number;
  wallMs: number;
  result: T;
}

const middle = (values: number[]) =>
  values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Medians of `RUNS` runs after one warm-up run. */
function median<T>(work: () => T): Timing<T> {
  let result = work();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const cpuStart = process.cpuUsage();
    const wallStart = performance.now();
    result = work();
    wall.push(performance.now() - wallStart);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { ms: middle(cpu), wallMs: middle(wall), result };
}

/** The `api-from-web` policy of a namespace that runs both web and api pods. */
function apiFromWebIndex(snapshot: ClusterSnapshot): number {
  const runs = (namespace: string | undefined, app: string) =>
    snapshot.pods.some(
      pod => pod.namespace === namespace && pod.labels?.app === app,
    );
  return snapshot.policies.findIndex(
    policy =>
      policy.metadata.name === 'api-from-web' &&
      runs(policy.metadata.namespace, 'web') &&
      runs(policy.metadata.namespace, 'api'),
  );
}

/** One edited rule: an allow policy gains a peer namespace. */
function editOnePolicy(snapshot: ClusterSnapshot): NetworkPolicy[] {
  const policies = snapshot.policies;
  const index = apiFromWebIndex(snapshot);
  const edited: NetworkPolicy = {
    ...policies[index],
    spec: {
      ...policies[index].spec,
      ingress: [
        ...(policies[index].spec.ingress ?? []),
        {
          from: [{ namespaceSelector: { matchLabels: { team: 'growth' } } }],
          ports: [{ port: 'http' }],
        },
      ],
    },
  };
  return policies.map((policy, i) => (i === index ? edited : policy));
}

/** One deleted policy: web pods of a namespace lose their way to its api pods. */
function deleteOnePolicy(snapshot: ClusterSnapshot): NetworkPolicy[] {
  const index = apiFromWebIndex(snapshot);
  return snapshot.policies.filter((_, i) => i !== index);
}

const format = (timing: Timing<unknown>) =>
  `${timing.ms.toFixed(0).padStart(5)} ms (${timing.wallMs.toFixed(0)} wall)`;

console.log(
  `Reachability bench: Node ${process.version}, one thread, median CPU time of ${RUNS} runs (wall time in brackets).`,
);
console.log(
  [
    'pods'.padEnd(5),
    'policies',
    'classes',
    'build model'.padEnd(20),
    'matrix TCP 8080'.padEnd(20),
    'same model, UDP 53'.padEnd(20),
    'diff: edit one'.padEnd(31),
    'diff: delete one'.padEnd(31),
    'allowed pairs',
  ].join(' '),
);
// Warm the JIT on the smallest size first, so growth figures compare code in one state.
{
  const warm = generateClusterSnapshot(SIZES[0]);
  for (let i = 0; i < 3; i++) {
    const model = buildReachabilityModel(warm);
    computeAccessMatrix(model, { port: 8080 });
    diffAccess(model, editOnePolicy(warm), { port: 8080 });
  }
}

const rows: Array<{ label: string; matrix: number; diff: number }> = [];
const examples: AccessChange[] = [];
for (const size of SIZES) {
  const snapshot = generateClusterSnapshot(size);
  const build = median(() => buildReachabilityModel(snapshot));
  // A fresh model per run, so the figure includes building it and the pod-class partition.
  const matrix = median(() =>
    computeAccessMatrix(buildReachabilityModel(snapshot), { port: 8080 }),
  );
  const model = buildReachabilityModel(snapshot);
  computeAccessMatrix(model, { port: 8080 });
  const again = median(() =>
    computeAccessMatrix(model, { port: 53, protocol: 'UDP' }),
  );
  const edited = editOnePolicy(snapshot);
  const editDiff = median(() => diffAccess(model, edited, { port: 8080 }));
  const deleted = deleteOnePolicy(snapshot);
  const deleteDiff = median(() => diffAccess(model, deleted, { port: 8080 }));
  console.log(
    [
      String(size.pods).padEnd(5),
      String(snapshot.policies.length).padEnd(8),
      String(matrix.result.podClasses.length).padEnd(7),
      format(build).padEnd(20),
      format(matrix).padEnd(20),
      format(again).padEnd(20),
      `${format(editDiff)}, ${editDiff.result.changes.length} changes`.padEnd(
        31,
      ),
      `${format(deleteDiff)}, ${
        deleteDiff.result.changes.length
      } changes`.padEnd(31),
      String(countAllowedPodPairs(matrix.result)),
    ].join(' '),
  );
  if (size === SIZES[0]) {
    examples.push(...editDiff.result.changes, ...deleteDiff.result.changes);
  }
  rows.push({
    label: `${size.pods}/${size.policies}`,
    matrix: matrix.ms,
    diff: Math.max(editDiff.ms, deleteDiff.ms),
  });
}

const [baseline] = rows;
console.log(
  '\nGrowth against 2000 pods / 500 policies (matrix from a fresh model; the slower diff):',
);
for (const row of rows) {
  console.log(
    `  ${row.label.padEnd(10)} matrix x${(row.matrix / baseline.matrix).toFixed(
      2,
    )}   diff x${(row.diff / baseline.diff).toFixed(2)}`,
  );
}
// Worst case: a selector reads a label every pod has its own value of, so no two pods
// share a class and the work is pods², as a per-pair evaluation would be.
{
  const base = generateClusterSnapshot(SIZES[0]);
  const distinct: ClusterSnapshot = {
    ...base,
    pods: base.pods.map((pod, i) => ({
      ...pod,
      labels: { ...pod.labels, instance: `i${i}` },
    })),
    policies: [
      ...base.policies,
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: {
          namespace: base.namespaces[3].name,
          name: 'reads-instance',
        },
        spec: {
          podSelector: {
            matchExpressions: [
              { key: 'instance', operator: 'NotIn', values: ['i0'] },
            ],
          },
          ingress: [{}],
        },
      },
    ],
  };
  const matrix = median(() =>
    computeAccessMatrix(buildReachabilityModel(distinct), { port: 8080 }),
  );
  const model = buildReachabilityModel(distinct);
  const diff = median(() =>
    diffAccess(model, editOnePolicy(distinct), { port: 8080 }),
  );
  console.log(
    `\nWorst case, every pod its own class (${
      matrix.result.podClasses.length
    } classes, 2000 pods / ${
      distinct.policies.length
    } policies): matrix ${format(matrix)}, diff ${format(diff)}.`,
  );
}

console.log('\nThe changes found at 2000 pods / 500 policies:');
for (const change of examples) console.log(`  ${describeAccessChange(change)}`);
console.log(
  '\nTargets: matrix under 2000 ms and one-policy diff under 200 ms at 2000 pods / 500 policies.',
);
