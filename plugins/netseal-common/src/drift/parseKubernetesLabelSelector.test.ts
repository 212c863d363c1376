import { parseKubernetesLabelSelector } from './parseKubernetesLabelSelector';

describe('parseKubernetesLabelSelector', () => {
  it.each([
    ['app=payments', { matchLabels: { app: 'payments' } }],
    ['app==payments', { matchLabels: { app: 'payments' } }],
    [
      'app=payments,tier in (web)',
      { matchLabels: { app: 'payments', tier: 'web' } },
    ],
    [
      ' app.kubernetes.io/part-of = shop ,  env in ( prod , staging ) ',
      {
        matchLabels: { 'app.kubernetes.io/part-of': 'shop' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'staging'] },
        ],
      },
    ],
    [
      'tier!=web',
      {
        matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }],
      },
    ],
    [
      'track notin (canary,beta)',
      {
        matchExpressions: [
          { key: 'track', operator: 'NotIn', values: ['beta', 'canary'] },
        ],
      },
    ],
    ['release', { matchExpressions: [{ key: 'release', operator: 'Exists' }] }],
    [
      '!legacy',
      { matchExpressions: [{ key: 'legacy', operator: 'DoesNotExist' }] },
    ],
  ])('reads %j', (text, selector) => {
    expect(parseKubernetesLabelSelector(text)).toEqual(selector);
  });

  it('reads the empty value where the API server does', () => {
    expect(parseKubernetesLabelSelector('a=,b in (),c in (x,,y)')).toEqual({
      matchLabels: { a: '', b: '' },
      matchExpressions: [{ key: 'c', operator: 'In', values: ['', 'x', 'y'] }],
    });
  });

  it('reads in and notin as values where a value belongs', () => {
    expect(parseKubernetesLabelSelector('mode in (in,notin),in=notin')).toEqual(
      {
        matchLabels: { in: 'notin' },
        matchExpressions: [
          { key: 'mode', operator: 'In', values: ['in', 'notin'] },
        ],
      },
    );
  });

  it('keeps both requirements when one key is given two values, selecting what the API server selects', () => {
    expect(parseKubernetesLabelSelector('app=a,app=b')).toEqual({
      matchExpressions: [
        { key: 'app', operator: 'In', values: ['a'] },
        { key: 'app', operator: 'In', values: ['b'] },
      ],
    });
  });

  it.each([
    ['', 'is empty, and would select every pod'],
    ['   ', 'is empty, and would select every pod'],
    ['app=payments,', 'ends with ","'],
    [
      'app=payments,,tier=web',
      'expected a label key, found "," at position 14',
    ],
    [
      'app payments',
      'expected an operator after key "app", found "payments" at position 5',
    ],
    [
      'app=payments tier=web',
      'expected "," or the end after a requirement, found "tier" at position 14',
    ],
    [
      'env in prod',
      'expected "(" after the operator of key "env", found "prod" at position 8',
    ],
    [
      'env in (prod',
      'expected a value, "," or ")" in the values of key "env", found the end of the selector',
    ],
    ['env in (prod staging)', 'found "staging" at position 14'],
    ['replicas>2', '">" at position 9 compares numbers'],
    ['-app=x', 'key "-app" at position 1 name part must consist of letters'],
    [
      'a/b/c=x',
      'key "a/b/c" at position 1 must be a name with at most one \'/\'',
    ],
    ['app=pay ments', 'found "ments"'],
    [
      'app=-payments',
      'value "-payments" at position 5 must be empty or consist of letters',
    ],
    [`app=${'x'.repeat(64)}`, 'must be no more than 63 characters (it has 64)'],
    [
      '!app=x',
      'expected "," or the end after a requirement, found "=" at position 5',
    ],
    ['app=!x', 'expected a value for key "app", found "!" at position 5'],
    ['app=<', 'expected a value for key "app", found "<" at position 5'],
  ])('rejects %j, saying %s', (text, message) => {
    expect(() => parseKubernetesLabelSelector(text)).toThrow(message);
  });

  it('names the selector, the syntax and the error class the backend answers 400 for', () => {
    let thrown: unknown;
    try {
      parseKubernetesLabelSelector('app payments');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /^label selector "app payments": .*; write requirements separated by commas: key=value/,
      ),
    });
  });

  it('rejects a selector too long to be meant, without reading it', () => {
    expect(() =>
      parseKubernetesLabelSelector(`a=b,${'c'.repeat(5000)}`),
    ).toThrow('is 5004 characters long, more than 4096');
  });
});
