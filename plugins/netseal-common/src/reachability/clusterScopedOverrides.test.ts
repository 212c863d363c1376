import { networkPolicy, upstreamCluster } from './__fixtures__/upstreamCluster';
import type { NetworkPolicyApiObject } from './clusterScopedPolicies';
import {
  describeAccessChange,
  describeConnectionVerdict,
} from './describeAccessChange';
import { diffAccess } from './diffAccess';
import { evaluateConnection } from './evaluateConnection';
import { buildReachabilityModel } from './ReachabilityModel';
import { snapshotFromKubernetesList } from './snapshotFromKubernetesList';
import type { ClusterScopedPolicies } from './clusterScopedPolicies';

const xa = { pod: { namespace: 'x', name: 'a' } };
const ya = { pod: { namespace: 'y', name: 'a' } };
const probe = { from: ya, to: xa, port: 80 };

/** The conformance suite's baseline: deny ingress into namespace x from everywhere. */
const baselineDenyIntoX: NetworkPolicyApiObject = {
  apiVersion: 'policy.networking.k8s.io/v1alpha1',
  kind: 'BaselineAdminNetworkPolicy',
  metadata: { name: 'default' },
  spec: {
    subject: { namespaces: { matchLabels: { ns: 'x' } } },
    ingress: [{ name: 'deny-all', action: 'Deny', from: [{ namespaces: {} }] }],
  },
};

function adminPolicy(
  action: string,
  subject: NetworkPolicyApiObject['spec']['subject'],
): NetworkPolicyApiObject {
  return {
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'AdminNetworkPolicy',
    metadata: { name: `${action.toLowerCase()}-into-x` },
    spec: {
      priority: 10,
      subject,
      ingress: [{ action, from: [{ namespaces: {} }] }],
    },
  };
}

const denyIngressX = networkPolicy('x', 'deny-ingress', {
  podSelector: {},
  ingress: [],
});

function modelWith(
  clusterScoped: ClusterScopedPolicies,
  policies = [denyIngressX],
) {
  return buildReachabilityModel({
    ...upstreamCluster(policies),
    clusterScoped,
  });
}

describe('verdicts with cluster-scoped network policy', () => {
  it('are unknown where a BaselineAdminNetworkPolicy may decide, naming it: pods no NetworkPolicy isolates', () => {
    const model = modelWith({ objects: [baselineDenyIntoX], counted: [] }, []);
    const verdict = evaluateConnection(model, probe);
    expect(verdict).toMatchObject({
      allowed: true,
      verdict: 'unknown',
      mayBeOverriddenBy: ['BaselineAdminNetworkPolicy default'],
    });
    expect(describeConnectionVerdict(verdict)).toBe(
      'Unknown on TCP 80 (serve-80-tcp): BaselineAdminNetworkPolicy default may override the NetworkPolicies, which allow it; no policy isolates the source for egress; no policy isolates the destination for ingress.',
    );
    // y is not its subject: traffic into y stays as the NetworkPolicies say.
    expect(evaluateConnection(model, { ...probe, from: xa, to: ya })).toEqual(
      expect.objectContaining({ verdict: 'allowed' }),
    );
  });

  it('stand where NetworkPolicies isolate the pod: the Baseline tier comes after them', () => {
    const model = modelWith({ objects: [baselineDenyIntoX], counted: [] });
    const verdict = evaluateConnection(model, probe);
    expect(verdict.verdict).toBe('denied');
    expect(verdict.mayBeOverriddenBy).toBeUndefined();
  });

  it('are unknown where an AdminNetworkPolicy allows or denies for its subject, even against NetworkPolicies', () => {
    for (const action of ['Allow', 'Deny']) {
      const model = modelWith({
        objects: [
          adminPolicy(action, { namespaces: { matchLabels: { ns: 'x' } } }),
        ],
        counted: [],
      });
      expect(evaluateConnection(model, probe)).toMatchObject({
        allowed: false,
        verdict: 'unknown',
        mayBeOverriddenBy: [
          `AdminNetworkPolicy ${action.toLowerCase()}-into-x`,
        ],
      });
    }
  });

  it('stand where an AdminNetworkPolicy only passes, or its subject does not select the pod', () => {
    const passing = modelWith({
      objects: [adminPolicy('Pass', { namespaces: {} })],
      counted: [],
    });
    expect(evaluateConnection(passing, probe).verdict).toBe('denied');
    const elsewhere = modelWith({
      objects: [
        adminPolicy('Deny', {
          pods: {
            namespaceSelector: { matchLabels: { ns: 'x' } },
            podSelector: { matchLabels: { pod: 'b' } },
          },
        }),
      ],
      counted: [],
    });
    expect(evaluateConnection(elsewhere, probe).verdict).toBe('denied');
  });

  it('are unknown everywhere when a cluster holds a vendor kind Netseal only counts', () => {
    const model = modelWith({
      objects: [],
      counted: [{ kind: 'CiliumNetworkPolicy', group: 'cilium.io', count: 3 }],
    });
    expect(evaluateConnection(model, probe).mayBeOverriddenBy).toEqual([
      '3 CiliumNetworkPolicy objects (cilium.io, not read by Netseal)',
    ]);
  });

  it('mark the access changes a BaselineAdminNetworkPolicy may override, and say so', () => {
    const model = modelWith({ objects: [baselineDenyIntoX], counted: [] }, []);
    // Before the change no NetworkPolicy isolates namespace x, so the baseline decided its
    // ingress then: whether the change closes anything is not known.
    const isolating = diffAccess(model, [denyIngressX], { port: 80 });
    expect(isolating.changes.length).toBeGreaterThan(0);
    expect(isolating.changes.every(change => change.mayBeOverriddenBy)).toBe(
      true,
    );
    expect(describeAccessChange(isolating.changes[0])).toContain(
      'unknown whether it takes effect: BaselineAdminNetworkPolicy default may override the NetworkPolicies',
    );
  });
});

describe('snapshotFromKubernetesList with cluster-scoped kinds', () => {
  it('reads the network-policy-api objects and counts the vendors', () => {
    const snapshot = snapshotFromKubernetesList({
      kind: 'List',
      items: [
        { ...baselineDenyIntoX },
        {
          apiVersion: 'cilium.io/v2',
          kind: 'CiliumNetworkPolicy',
          metadata: { name: 'l7', namespace: 'x' },
          spec: {},
        },
        {
          apiVersion: 'crd.projectcalico.org/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'calico', namespace: 'x' },
          spec: {},
        },
      ],
    });
    expect(snapshot.clusterScoped).toEqual({
      objects: [baselineDenyIntoX],
      counted: [
        { kind: 'CiliumNetworkPolicy', group: 'cilium.io', count: 1 },
        { kind: 'NetworkPolicy', group: 'crd.projectcalico.org', count: 1 },
      ],
    });
  });

  it('refuses an object whose subject names nothing, naming the item', () => {
    expect(() =>
      snapshotFromKubernetesList({
        kind: 'List',
        items: [{ ...baselineDenyIntoX, spec: { ingress: [] } }],
      }),
    ).toThrow(
      'items[0]: BaselineAdminNetworkPolicy default: spec.subject must name exactly one of namespaces and pods',
    );
  });
});
