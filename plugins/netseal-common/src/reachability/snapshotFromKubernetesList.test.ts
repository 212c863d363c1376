import list from './__fixtures__/kubectl-list.json';
import { evaluateConnection } from './evaluateConnection';
import { buildReachabilityModel } from './ReachabilityModel';
import { snapshotFromKubernetesList } from './snapshotFromKubernetesList';

/** A copy of the fixture with `items[index].<path>` set to `value` (removed when undefined). */
function withItem(
  index: number,
  path: Array<string | number>,
  value?: unknown,
): unknown {
  const copy: unknown = JSON.parse(JSON.stringify(list));
  let node: unknown = (copy as { items: unknown[] }).items[index];
  for (const step of path.slice(0, -1))
    node = (node as Record<string | number, unknown>)[step];
  const parent = node as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

describe('snapshotFromKubernetesList', () => {
  const snapshot = snapshotFromKubernetesList(list);

  it('reads namespaces with their labels', () => {
    expect(snapshot.namespaces).toEqual([
      {
        name: 'shop',
        labels: { 'kubernetes.io/metadata.name': 'shop', team: 'checkout' },
      },
      { name: 'data', labels: { 'kubernetes.io/metadata.name': 'data' } },
    ]);
  });

  it('reads running pods with both addresses and the ports of containers and sidecars', () => {
    expect(snapshot.pods[0]).toEqual({
      namespace: 'shop',
      name: 'web-7d9f8b6c5-x2x7q',
      labels: { app: 'web', 'pod-template-hash': '7d9f8b6c5' },
      ips: ['10.244.1.17', 'fd00:10:244:1::17'],
      containerPorts: [
        { name: 'http', containerPort: 8080, protocol: 'TCP' },
        { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
        { name: 'proxy-admin', containerPort: 15000, protocol: 'TCP' },
      ],
    });
    expect(snapshot.pods[1].ips).toEqual(['10.244.2.5']);
  });

  it('leaves out finished pods and host-network pods, and keeps pending pods without addresses', () => {
    expect(snapshot.pods.map(pod => pod.name)).toEqual([
      'web-7d9f8b6c5-x2x7q',
      'db-0',
      'web-7d9f8b6c5-pending',
    ]);
    expect(snapshot.pods[2].ips).toEqual([]);
  });

  it('reads policies and skips kinds the model does not use', () => {
    expect(snapshot.policies.map(policy => policy.metadata.name)).toEqual([
      'db-from-web',
    ]);
  });

  it('gives a snapshot the model answers from', () => {
    const model = buildReachabilityModel(snapshot);
    const web = { pod: { namespace: 'shop', name: 'web-7d9f8b6c5-x2x7q' } };
    const db = { pod: { namespace: 'data', name: 'db-0' } };
    expect(
      evaluateConnection(model, { from: web, to: db, port: 'postgres' })
        .allowed,
    ).toBe(true);
    expect(
      evaluateConnection(model, { from: web, to: db, port: 5433 }).allowed,
    ).toBe(false);
  });

  it('reads lists straight from the API, whose items carry no kind', () => {
    const podList = {
      apiVersion: 'v1',
      kind: 'PodList',
      items: [
        {
          metadata: { name: 'p', namespace: 'shop' },
          status: { podIP: '10.0.0.9' },
        },
      ],
    };
    expect(snapshotFromKubernetesList(podList).pods).toEqual([
      {
        namespace: 'shop',
        name: 'p',
        labels: {},
        ips: ['10.0.0.9'],
        containerPorts: [],
      },
    ]);
  });

  it.each([
    [
      'a list without items',
      { kind: 'List' },
      'expected a Kubernetes List with an items array',
    ],
    [
      'an item without kind',
      withItem(0, ['kind']),
      'items[0].kind must be set (Namespace, Pod or NetworkPolicy)',
    ],
    [
      'a policy of an old API group',
      withItem(7, ['apiVersion'], 'extensions/v1beta1'),
      'items[7] (NetworkPolicy data/db-from-web): apiVersion must be networking.k8s.io/v1 (got "extensions/v1beta1")',
    ],
    [
      'a pod without namespace',
      withItem(2, ['metadata', 'namespace']),
      'items[2] (Pod web-7d9f8b6c5-x2x7q): metadata.namespace must be a non-empty string',
    ],
    [
      'a pod with a bad address',
      withItem(3, ['status', 'podIP'], '10.244.2'),
      'items[3] (Pod data/db-0): status.podIPs[0].ip must be an IPv4 or IPv6 address (got "10.244.2")',
    ],
    [
      'a container port out of range',
      withItem(
        3,
        ['spec', 'containers', 0, 'ports', 0, 'containerPort'],
        70000,
      ),
      'items[3] (Pod data/db-0): spec.containers[0].ports[0].containerPort must be a number between 1 and 65535 (got 70000)',
    ],
    [
      'a label that is not a string',
      withItem(1, ['metadata', 'labels', 'tier'], 3),
      'items[1] (Namespace data): metadata.labels.tier must be a string (got 3)',
    ],
    [
      'a policy the API server would refuse',
      withItem(7, ['spec', 'ingress', 0, 'ports', 0], {
        port: 80,
        endPort: 70,
      }),
      'items[7]: NetworkPolicy data/db-from-web: spec.ingress[0].ports[0].endPort must be a port number no smaller than port 80 (got 70)',
    ],
    [
      'a rule that is not an object',
      withItem(7, ['spec', 'ingress'], ['allow']),
      'items[7]: NetworkPolicy data/db-from-web: spec.ingress[0] must be a rule object',
    ],
  ])('refuses %s, naming the item and field', (_, input, message) => {
    expect(() => snapshotFromKubernetesList(input)).toThrow(message);
  });
});
