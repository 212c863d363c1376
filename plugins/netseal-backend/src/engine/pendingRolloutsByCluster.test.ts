import { pendingRolloutsByCluster } from './pendingRolloutsByCluster';

const replace = {
  op: 'replace' as const,
  cluster: 'prod-eu',
  namespace: 'payments',
  name: 'allow-checkout',
  newSeal: 'sha256:new',
};

describe('pendingRolloutsByCluster', () => {
  it('names the request and its state, and the seal a replacement or addition leaves live', () => {
    const byCluster = pendingRolloutsByCluster([
      {
        requestId: 'r1',
        entityRef: 'component:default/payments',
        state: 'merged',
        change: replace,
      },
      {
        requestId: 'r2',
        entityRef: 'component:default/payments',
        state: 'rolling-out',
        change: {
          ...replace,
          op: 'add',
          cluster: 'prod-us',
        },
      },
    ]);

    expect(Object.fromEntries(byCluster)).toEqual({
      'prod-eu': [
        {
          namespace: 'payments',
          name: 'allow-checkout',
          reason:
            'replacement request r1 is merged; its rollout has not run yet',
          expected: { seal: 'sha256:new' },
        },
      ],
      'prod-us': [
        {
          namespace: 'payments',
          name: 'allow-checkout',
          reason: 'replacement request r2 is rolling out',
          expected: { seal: 'sha256:new' },
        },
      ],
    });
  });

  it('expects a removed policy to be absent', () => {
    const byCluster = pendingRolloutsByCluster([
      {
        requestId: 'r3',
        entityRef: 'component:default/payments',
        state: 'merged',
        change: { ...replace, op: 'remove', newSeal: undefined },
      },
    ]);

    expect(byCluster.get('prod-eu')?.[0].expected).toBe('absent');
  });

  it('names a running restore, which leaves the sealed seal live', () => {
    const byCluster = pendingRolloutsByCluster([
      {
        requestId: 'x1',
        kind: 'restore',
        entityRef: 'component:default/payments',
        state: 'rolling-out',
        change: { ...replace, newSeal: 'sha256:sealed' },
      },
    ]);

    expect(byCluster.get('prod-eu')).toEqual([
      {
        namespace: 'payments',
        name: 'allow-checkout',
        reason: 'restore x1 is putting its sealed version back',
        expected: { seal: 'sha256:sealed' },
      },
    ]);
  });
});
