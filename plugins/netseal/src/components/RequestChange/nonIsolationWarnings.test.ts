import { nonIsolationWarnings } from './nonIsolationWarnings';

describe('nonIsolationWarnings', () => {
  const changes = [
    {
      op: 'remove' as const,
      cluster: 'prod-us',
      namespace: 'shop',
      name: 'allow-checkout',
    },
    {
      op: 'remove' as const,
      cluster: 'prod-eu',
      namespace: 'shop',
      name: 'allow-checkout',
    },
  ];

  it('names the policy of the change each non-isolation problem points at, with its message', () => {
    expect(
      nonIsolationWarnings(
        [
          {
            field: 'changes[1].acknowledgeNonIsolation',
            message: 'pods app=payments in namespace shop',
          },
          {
            field: 'changes[0].manifest: spec.ingress[0].ports[0].port',
            message: 'must be between 1 and 65535',
          },
        ],
        changes,
      ),
    ).toEqual({
      'prod-eu/shop/allow-checkout': 'pods app=payments in namespace shop',
    });
  });

  it('ignores a problem of a change the draft no longer has', () => {
    expect(
      nonIsolationWarnings(
        [{ field: 'changes[2].acknowledgeNonIsolation', message: 'pods' }],
        changes,
      ),
    ).toEqual({});
  });
});
