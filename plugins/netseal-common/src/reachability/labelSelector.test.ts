import { compileLabelSelector } from './labelSelector';

const web = { app: 'web', tier: 'frontend' };
const db = { app: 'db' };
const bare = {};

function selects(
  selector: Parameters<typeof compileLabelSelector>[0],
  labels: Record<string, string>,
) {
  return compileLabelSelector(selector, 'spec.podSelector').matches(labels);
}

describe('compileLabelSelector', () => {
  it('selects everything when empty', () => {
    expect(selects({}, web)).toBe(true);
    expect(selects({}, bare)).toBe(true);
    expect(compileLabelSelector({}, 'p').selectsEverything).toBe(true);
  });

  it('requires every matchLabels pair', () => {
    expect(
      selects({ matchLabels: { app: 'web', tier: 'frontend' } }, web),
    ).toBe(true);
    expect(selects({ matchLabels: { app: 'web', tier: 'backend' } }, web)).toBe(
      false,
    );
    expect(selects({ matchLabels: { app: 'web' } }, bare)).toBe(false);
  });

  it('matches In only when the key is present with a listed value', () => {
    const selector = {
      matchExpressions: [
        { key: 'app', operator: 'In' as const, values: ['web', 'api'] },
      ],
    };
    expect(selects(selector, web)).toBe(true);
    expect(selects(selector, db)).toBe(false);
    expect(selects(selector, bare)).toBe(false);
  });

  it('matches NotIn when the value is not listed, including when the key is absent', () => {
    const selector = {
      matchExpressions: [
        { key: 'app', operator: 'NotIn' as const, values: ['web'] },
      ],
    };
    expect(selects(selector, web)).toBe(false);
    expect(selects(selector, db)).toBe(true);
    expect(selects(selector, bare)).toBe(true);
  });

  it('matches Exists and DoesNotExist on the presence of the key, whatever its value', () => {
    const exists = {
      matchExpressions: [{ key: 'tier', operator: 'Exists' as const }],
    };
    const absent = {
      matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' as const }],
    };
    expect(selects(exists, web)).toBe(true);
    expect(selects(exists, { tier: '' })).toBe(true);
    expect(selects(exists, db)).toBe(false);
    expect(selects(absent, web)).toBe(false);
    expect(selects(absent, db)).toBe(true);
  });

  it('ANDs matchLabels with every expression', () => {
    const selector = {
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'NotIn' as const, values: ['backend'] },
      ],
    };
    expect(selects(selector, web)).toBe(true);
    expect(selects(selector, { app: 'web', tier: 'backend' })).toBe(false);
    expect(selects(selector, db)).toBe(false);
  });

  it('gives equal keys to selectors that select the same way whatever their order', () => {
    const a = compileLabelSelector(
      {
        matchLabels: { b: '2', a: '1' },
        matchExpressions: [{ key: 'c', operator: 'In', values: ['y', 'x'] }],
      },
      'p',
    );
    const b = compileLabelSelector(
      {
        matchExpressions: [{ key: 'c', operator: 'In', values: ['x', 'y'] }],
        matchLabels: { a: '1', b: '2' },
      },
      'p',
    );
    expect(a.key).toBe(b.key);
    expect(a.labelKeys.slice().sort()).toEqual(['a', 'b', 'c']);
  });

  it('refuses selectors the API server refuses, naming the field', () => {
    expect(() =>
      compileLabelSelector(
        { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] },
        'spec.podSelector',
      ),
    ).toThrow(
      'spec.podSelector.matchExpressions[0].values must list at least one value for operator In',
    );
    expect(() =>
      compileLabelSelector(
        {
          matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }],
        },
        'spec.podSelector',
      ),
    ).toThrow(
      'spec.podSelector.matchExpressions[0].values must be empty for operator Exists',
    );
    expect(() =>
      compileLabelSelector(
        JSON.parse(
          '{"matchExpressions":[{"key":"app","operator":"Gt","values":["1"]}]}',
        ),
        'spec.podSelector',
      ),
    ).toThrow(
      'spec.podSelector.matchExpressions[0].operator "Gt" is not a label selector operator',
    );
  });
});
