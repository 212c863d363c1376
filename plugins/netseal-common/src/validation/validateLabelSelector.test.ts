import { validateNetworkPolicy } from './validateNetworkPolicy';
import { manifestWith } from './__testUtils__/manifests';

const SELECTOR = 'spec.ingress[0].from[0].podSelector';

function problemsForSelector(selector: unknown) {
  return validateNetworkPolicy(manifestWith(SELECTOR, selector));
}

describe('label selectors', () => {
  it.each([
    ['an empty selector', {}],
    [
      'labels with and without a prefix',
      { matchLabels: { 'app.kubernetes.io/name': 'web', tier: '' } },
    ],
    [
      'every operator',
      {
        matchExpressions: [
          { key: 'app', operator: 'In', values: ['web', 'api'] },
          { key: 'app', operator: 'NotIn', values: ['db'] },
          { key: 'canary', operator: 'Exists' },
          { key: 'legacy', operator: 'DoesNotExist', values: [] },
        ],
      },
    ],
  ])('accepts %s', (_, selector) => {
    expect(problemsForSelector(selector)).toEqual([]);
  });

  it.each([
    [
      'In without values',
      { matchExpressions: [{ key: 'app', operator: 'In' }] },
      'matchExpressions[0].values',
      'must list at least one value when operator is In',
    ],
    [
      'NotIn with an empty list',
      { matchExpressions: [{ key: 'app', operator: 'NotIn', values: [] }] },
      'matchExpressions[0].values',
      'must list at least one value when operator is NotIn',
    ],
    [
      'Exists with values',
      {
        matchExpressions: [{ key: 'app', operator: 'Exists', values: ['web'] }],
      },
      'matchExpressions[0].values',
      'must be empty when operator is Exists',
    ],
    [
      'DoesNotExist with values',
      {
        matchExpressions: [
          { key: 'app', operator: 'DoesNotExist', values: ['x'] },
        ],
      },
      'matchExpressions[0].values',
      'must be empty when operator is DoesNotExist',
    ],
    [
      'an unknown operator',
      { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['x'] }] },
      'matchExpressions[0].operator',
      'must be one of In, NotIn, Exists, DoesNotExist (got "Equals")',
    ],
    [
      'an operator in the wrong case',
      { matchExpressions: [{ key: 'app', operator: 'exists' }] },
      'matchExpressions[0].operator',
      'did you mean Exists?',
    ],
    [
      'no operator',
      { matchExpressions: [{ key: 'app' }] },
      'matchExpressions[0].operator',
      'is required: one of In, NotIn, Exists, DoesNotExist',
    ],
    [
      'no key',
      { matchExpressions: [{ operator: 'Exists' }] },
      'matchExpressions[0].key',
      'is required',
    ],
    [
      'a key with a space',
      { matchExpressions: [{ key: 'my app', operator: 'Exists' }] },
      'matchExpressions[0].key',
      'name part must consist of',
    ],
    [
      'an invalid value',
      {
        matchExpressions: [
          { key: 'app', operator: 'In', values: ['web', '-web'] },
        ],
      },
      'matchExpressions[0].values[1]',
      'must be empty or consist of',
    ],
    [
      'a value that is a number',
      { matchExpressions: [{ key: 'app', operator: 'In', values: [1] }] },
      'matchExpressions[0].values[0]',
      'quote it: "1"',
    ],
    [
      'a label key with two slashes',
      { matchLabels: { 'a/b/c': 'x' } },
      'matchLabels["a/b/c"]',
      "at most one '/'",
    ],
    [
      'a label key with an empty prefix',
      { matchLabels: { '/app': 'x' } },
      'matchLabels["/app"]',
      "prefix before '/' must not be empty",
    ],
    [
      'a label key with an uppercase prefix',
      { matchLabels: { 'Example.com/app': 'x' } },
      'matchLabels["Example.com/app"]',
      'prefix must be a lowercase RFC 1123 subdomain',
    ],
    [
      'a label key name over 63 characters',
      { matchLabels: { ['a'.repeat(64)]: 'x' } },
      `matchLabels["${'a'.repeat(64)}"]`,
      'name part must be no more than 63 characters',
    ],
    [
      'a label value over 63 characters',
      { matchLabels: { app: 'a'.repeat(64) } },
      'matchLabels["app"]',
      'value "aaaa',
    ],
    [
      'a label value ending in a dot',
      { matchLabels: { app: 'web.' } },
      'matchLabels["app"]',
      'start and end with a letter or digit',
    ],
    [
      'a label value that is true',
      { matchLabels: { enabled: true } },
      'matchLabels["enabled"]',
      'must be a string, not true; quote it: "true"',
    ],
    [
      'matchLabels as a list',
      { matchLabels: ['app'] },
      'matchLabels',
      'must be a map of label keys to values',
    ],
    [
      'a mistyped field',
      { matchLabel: { app: 'web' } },
      'matchLabel',
      'did you mean "spec.ingress[0].from[0].podSelector.matchLabels"?',
    ],
  ])('rejects %s', (_, selector, field, message) => {
    expect(problemsForSelector(selector)).toEqual([
      {
        path: `${SELECTOR}.${field}`,
        message: expect.stringContaining(message),
      },
    ]);
  });

  it('checks the policy podSelector and metadata labels by the same rules', () => {
    const manifest = manifestWith('spec.podSelector', {
      matchLabels: { 'bad key': 'x' },
    });
    expect(validateNetworkPolicy(manifest)).toEqual([
      {
        path: 'spec.podSelector.matchLabels["bad key"]',
        message: expect.stringContaining('key "bad key"'),
      },
    ]);
    expect(
      validateNetworkPolicy(
        manifestWith('metadata.labels', { app: 'web site' }),
      ),
    ).toEqual([
      {
        path: 'metadata.labels["app"]',
        message: expect.stringContaining('value "web site"'),
      },
    ]);
  });
});
