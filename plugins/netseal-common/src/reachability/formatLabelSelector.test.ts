import { formatLabelSelector } from './formatLabelSelector';

describe('formatLabelSelector', () => {
  it.each([
    [
      'matchLabels',
      { matchLabels: { app: 'web', tier: 'backend' } },
      'app=web,tier=backend',
    ],
    [
      'In',
      {
        matchExpressions: [
          { key: 'app', operator: 'In', values: ['api', 'web'] },
        ],
      },
      'app in (api, web)',
    ],
    [
      'NotIn',
      {
        matchExpressions: [
          { key: 'tier', operator: 'NotIn', values: ['cache'] },
        ],
      },
      'tier not in (cache)',
    ],
    [
      'Exists',
      { matchExpressions: [{ key: 'canary', operator: 'Exists' }] },
      'with label canary',
    ],
    [
      'DoesNotExist',
      {
        matchExpressions: [
          { key: 'legacy', operator: 'DoesNotExist', values: [] },
        ],
      },
      'without label legacy',
    ],
  ])('writes %s in words', (_operator, selector, words) => {
    expect(formatLabelSelector(selector)).toBe(words);
  });

  it('ANDs labels and expressions in the order they are written', () => {
    expect(
      formatLabelSelector({
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod'] },
          { key: 'legacy', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=web,env in (prod),without label legacy');
  });

  it('writes nothing for the empty selector, which selects everything', () => {
    expect(formatLabelSelector({})).toBe('');
    expect(formatLabelSelector({ matchLabels: {}, matchExpressions: [] })).toBe(
      '',
    );
  });

  it('still prints an operator the API server would refuse, rather than hide it', () => {
    expect(
      formatLabelSelector({
        matchExpressions: [{ key: 'tier', operator: 'Gt', values: ['1'] }],
      }),
    ).toBe('tier Gt (1)');
  });
});
