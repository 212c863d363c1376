import type {
  NetworkPolicy,
  PolicyDriftRecord,
} from '@netseal/backstage-plugin-netseal-common';
import type { ClusterConnection } from '../clusters';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';
import { reachabilityByCluster } from './reachabilityByCluster';

const debugAllowAll: NetworkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'debug-allow-all', namespace: 'shop' },
  spec: { podSelector: { matchLabels: { app: 'payments' } }, ingress: [{}] },
};

function verdict(
  cluster: string,
  name: string,
  status: PolicyDriftRecord['status'],
): PolicyDriftRecord {
  return {
    entityRef: 'component:default/payments',
    cluster,
    namespace: 'shop',
    name,
    status,
    differences: [],
    checkedAt: '2026-12-07T09:00:00Z',
    statusChangedAt: '2026-12-07T09:00:00Z',
  };
}

/** A live view where prod-eu is connected and holds both policies, and prod-us is down. */
const liveView = {
  connection: (cluster: string): ClusterConnection => {
    if (cluster === 'prod-eu') {
      return { state: 'connected', lastSyncedAt: new Date() };
    }
    if (cluster === 'prod-us') {
      return {
        state: 'unreachable',
        reason: 'connect ECONNREFUSED 10.0.0.1:6443',
        since: new Date(),
      };
    }
    throw new Error(`no cluster ${cluster}`);
  },
  networkPolicies: (cluster: string) =>
    cluster === 'prod-eu' ? [sealed(allowCheckout), debugAllowAll] : [],
};

describe('reachabilityByCluster', () => {
  it('draws one sealed picture per cluster, ordered by cluster, from the policies of that cluster', () => {
    const pictures = reachabilityByCluster({
      mode: 'sealed',
      sealed: [
        { cluster: 'staging', manifest: sealed(allowCheckout) },
        { cluster: 'prod-eu', manifest: sealed(allowCheckout) },
      ],
      pods: 'pods backstage.io/kubernetes-id=payments',
    });
    expect(pictures.map(picture => picture.cluster)).toEqual([
      'prod-eu',
      'staging',
    ]);
    expect(pictures[0]).toMatchObject({
      mode: 'sealed',
      reachability: {
        pods: 'pods backstage.io/kubernetes-id=payments',
        policies: ['shop/allow-checkout'],
        ingress: { mode: 'isolated' },
      },
    });
  });

  it('leaves out a stored manifest that is not a valid NetworkPolicy', () => {
    const pictures = reachabilityByCluster({
      mode: 'sealed',
      sealed: [
        { cluster: 'prod-eu', manifest: sealed(allowCheckout) },
        { cluster: 'prod-eu', manifest: { kind: 'ConfigMap' } },
        { cluster: 'prod-us', manifest: 'not a manifest' },
      ],
      pods: undefined,
    });
    expect(pictures).toEqual([
      expect.objectContaining({
        cluster: 'prod-eu',
        reachability: expect.objectContaining({
          pods: 'pods app=payments in namespace shop',
          policies: ['shop/allow-checkout'],
        }),
      }),
    ]);
  });

  it('draws a connected cluster from its live policies, saying that a live-only one lets everyone in', () => {
    const [picture] = reachabilityByCluster({
      mode: 'live',
      sealed: [{ cluster: 'prod-eu', manifest: sealed(allowCheckout) }],
      pods: 'pods backstage.io/kubernetes-id=payments',
      verdicts: [
        verdict('prod-eu', 'allow-checkout', 'in-sync'),
        verdict('prod-eu', 'debug-allow-all', 'unsealed'),
      ],
      liveView,
    });
    expect(picture).toEqual(
      expect.objectContaining({ cluster: 'prod-eu', mode: 'live' }),
    );
    expect(picture.reachability.policies).toEqual([
      'shop/allow-checkout',
      'shop/debug-allow-all',
    ]);
    expect(picture.reachability.unsealedPolicies).toEqual([
      'shop/debug-allow-all',
    ]);
    expect(picture.reachability.ingress.mode).toBe('allow-all');
    expect(picture.reachability.ingress.summary).toContain(
      'shop/debug-allow-all (live only, not sealed in Git) allows all ingress',
    );
  });

  it('draws a cluster that is not connected from its sealed policies, saying why, and leaves out live policies of no concern', () => {
    const pictures = reachabilityByCluster({
      mode: 'live',
      sealed: [
        { cluster: 'prod-eu', manifest: sealed(allowCheckout) },
        { cluster: 'prod-us', manifest: sealed(allowCheckout) },
      ],
      pods: undefined,
      // debug-allow-all selects no pod of this entity: the engine did not report it.
      verdicts: [
        verdict('prod-eu', 'allow-checkout', 'in-sync'),
        verdict('prod-us', 'allow-checkout', 'unknown'),
      ],
      liveView,
    });
    expect(pictures).toEqual([
      expect.objectContaining({
        cluster: 'prod-eu',
        mode: 'live',
        reachability: expect.objectContaining({
          policies: ['shop/allow-checkout'],
        }),
      }),
      expect.objectContaining({
        cluster: 'prod-us',
        mode: 'sealed',
        liveUnavailable:
          'cluster prod-us is unreachable (connect ECONNREFUSED 10.0.0.1:6443), so the picture shows its sealed policies',
      }),
    ]);
  });
});
