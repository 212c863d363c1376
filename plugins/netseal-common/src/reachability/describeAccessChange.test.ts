import { describeAccessParty } from './describeAccessChange';

describe('describeAccessParty', () => {
  it('names an outside endpoint once when its name is its CIDR', () => {
    expect(
      describeAccessParty({
        kind: 'external',
        endpoints: [
          { name: '10.0.0.0/8', cidr: '10.0.0.0/8' },
          { name: 'internet', cidr: '0.0.0.0/0' },
        ],
      }),
    ).toBe('10.0.0.0/8 and internet (0.0.0.0/0)');
  });

  it('describes pods picked by a NotIn or DoesNotExist selector in words', () => {
    expect(
      describeAccessParty({
        kind: 'pods',
        everyPod: false,
        podCount: 2,
        pods: [
          { namespace: 'shop', name: 'web-0' },
          { namespace: 'shop', name: 'web-1' },
        ],
        namespaces: [
          {
            namespace: 'shop',
            allPods: false,
            labelSets: [{ app: 'web' }],
            exceptSelectedBy: {
              matchExpressions: [
                { key: 'app', operator: 'NotIn', values: ['web'] },
                { key: 'legacy', operator: 'DoesNotExist' },
              ],
            },
          },
        ],
      }),
    ).toBe(
      'pods in namespace shop other than app not in (web),without label legacy',
    );
  });
});
