import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';
import { reachabilityByCluster } from './reachabilityByCluster';

describe('reachabilityByCluster', () => {
  it('draws one picture per cluster, ordered by cluster, from the policies of that cluster', () => {
    const pictures = reachabilityByCluster(
      [
        { cluster: 'staging', manifest: sealed(allowCheckout) },
        { cluster: 'prod-eu', manifest: sealed(allowCheckout) },
      ],
      'pods backstage.io/kubernetes-id=payments',
    );
    expect(pictures.map(picture => picture.cluster)).toEqual([
      'prod-eu',
      'staging',
    ]);
    expect(pictures[0].reachability).toMatchObject({
      pods: 'pods backstage.io/kubernetes-id=payments',
      policies: ['shop/allow-checkout'],
      ingress: { mode: 'isolated' },
    });
  });

  it('leaves out a stored manifest that is not a valid NetworkPolicy', () => {
    const pictures = reachabilityByCluster(
      [
        { cluster: 'prod-eu', manifest: sealed(allowCheckout) },
        { cluster: 'prod-eu', manifest: { kind: 'ConfigMap' } },
        { cluster: 'prod-us', manifest: 'not a manifest' },
      ],
      undefined,
    );
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
});
