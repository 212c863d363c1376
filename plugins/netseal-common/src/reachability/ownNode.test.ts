import { describeConnectionVerdict } from './describeAccessChange';
import { evaluateConnection } from './evaluateConnection';
import { buildReachabilityModel } from './ReachabilityModel';
import { snapshotFromKubernetesList } from './snapshotFromKubernetesList';

/** What `kubectl get namespaces,pods,networkpolicies,nodes -A -o json` prints, in short. */
function kubectlList(policyTypes: string[]) {
  const pod = (name: string, ip: string, nodeName: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace: 'shop', name, labels: { app: name } },
    spec: {
      nodeName,
      containers: [{ name, ports: [{ containerPort: 8080 }] }],
    },
    status: { phase: 'Running', podIPs: [{ ip }] },
  });
  const node = (name: string, ip: string) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    status: {
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
    },
  });
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      pod('api', '10.244.1.10', 'node-1'),
      node('node-1', '192.168.0.11'),
      node('node-2', '192.168.0.12'),
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { namespace: 'shop', name: 'deny-all' },
        spec: { podSelector: {}, policyTypes },
      },
    ],
  };
}

const API = { pod: { namespace: 'shop', name: 'api' } };

describe('traffic between a pod and its own node', () => {
  const model = buildReachabilityModel(
    snapshotFromKubernetesList(kubectlList(['Ingress', 'Egress'])),
  );

  it("lets the pod's own node in whatever its policies deny, as Kubernetes documents", () => {
    const verdict = evaluateConnection(model, {
      from: { ip: '192.168.0.11' },
      to: API,
      port: 8080,
    });

    expect(verdict).toMatchObject({
      allowed: true,
      verdict: 'allowed',
      ingress: { outcome: 'own-node', node: 'node-1' },
    });
    expect(describeConnectionVerdict(verdict)).toBe(
      'Allowed on TCP 8080: the source is outside the cluster; the source is node node-1, where the destination runs, which a pod cannot block.',
    );
  });

  it('denies another node as the policies say: only the own node is exempt', () => {
    expect(
      evaluateConnection(model, {
        from: { ip: '192.168.0.12' },
        to: API,
        port: 8080,
      }),
    ).toMatchObject({ verdict: 'denied', ingress: { outcome: 'denied' } });
  });

  it('answers unknown where policies deny the pod its own node: network plugins differ there', () => {
    const verdict = evaluateConnection(model, {
      from: API,
      to: { ip: '192.168.0.11' },
      port: 10250,
    });

    expect(verdict).toMatchObject({
      allowed: false,
      verdict: 'unknown',
      mayBeOverriddenBy: [
        "the network plugin's rule for traffic from a pod to its own node node-1",
      ],
    });
  });

  it('stays certain where the policies allow the pod its own node anyway', () => {
    const open = buildReachabilityModel(
      snapshotFromKubernetesList(kubectlList(['Ingress'])),
    );
    expect(
      evaluateConnection(open, {
        from: API,
        to: { ip: '192.168.0.11' },
        port: 10250,
      }),
    ).toMatchObject({
      verdict: 'allowed',
      egress: { outcome: 'not-isolated' },
    });
  });

  it('knows no own node without the nodes in the snapshot', () => {
    const list = kubectlList(['Ingress', 'Egress']);
    list.items = list.items.filter(item => item.kind !== 'Node');
    const withoutNodes = buildReachabilityModel(
      snapshotFromKubernetesList(list),
    );
    expect(
      evaluateConnection(withoutNodes, {
        from: { ip: '192.168.0.11' },
        to: API,
        port: 8080,
      }).verdict,
    ).toBe('denied');
  });
});
