import { parseFieldPath, valueAtPath } from './fieldPath';

describe('parseFieldPath', () => {
  it('reads fields and list indices', () => {
    expect(parseFieldPath('spec.ingress[0].ports[12].port')).toEqual([
      'spec',
      'ingress',
      0,
      'ports',
      12,
      'port',
    ]);
  });

  it('reads quoted map keys, dots and brackets included', () => {
    expect(parseFieldPath('metadata.labels["app.kubernetes.io/name"]')).toEqual(
      ['metadata', 'labels', 'app.kubernetes.io/name'],
    );
    expect(parseFieldPath('metadata.labels["a\\"[0]"]')).toEqual([
      'metadata',
      'labels',
      'a"[0]',
    ]);
  });

  it('reads a truncated path without failing, into steps that point nowhere', () => {
    const manifest = { spec: { ingress: [{}] } };
    expect(valueAtPath(manifest, parseFieldPath('spec.ingress[')).found).toBe(
      false,
    );
  });
});

describe('valueAtPath', () => {
  const manifest = { spec: { ingress: [{ ports: [{ port: 8443 }] }] } };

  it('finds a value and tells a missing path from an undefined value', () => {
    expect(
      valueAtPath(manifest, ['spec', 'ingress', 0, 'ports', 0, 'port']),
    ).toEqual({ found: true, value: 8443 });
    expect(valueAtPath(manifest, ['spec', 'ingress', 1])).toEqual({
      found: false,
    });
    expect(valueAtPath(manifest, ['spec', 'egress'])).toEqual({ found: false });
  });
});
