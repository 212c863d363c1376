import { parseFieldPath } from './parseFieldPath';

describe('parseFieldPath', () => {
  it('reads dotted names and indexes', () => {
    expect(parseFieldPath('spec.ingress[0].from[1].ipBlock.except[0]')).toEqual(
      [
        { type: 'name', name: 'spec' },
        { type: 'name', name: 'ingress' },
        { type: 'index', index: 0 },
        { type: 'name', name: 'from' },
        { type: 'index', index: 1 },
        { type: 'name', name: 'ipBlock' },
        { type: 'name', name: 'except' },
        { type: 'index', index: 0 },
      ],
    );
  });

  it('reads bracketed keys in double or single quotes, with escapes', () => {
    expect(
      parseFieldPath(`metadata.annotations["netseal.io/seal"]['a\\'b']`),
    ).toEqual([
      { type: 'name', name: 'metadata' },
      { type: 'name', name: 'annotations' },
      { type: 'key', key: 'netseal.io/seal' },
      { type: 'key', key: "a'b" },
    ]);
  });

  it('reads the root path as no steps, and never fails on odd text', () => {
    expect(parseFieldPath('')).toEqual([]);
    expect(parseFieldPath('a[unclosed')).toEqual([
      { type: 'name', name: 'a' },
      { type: 'key', key: 'unclosed' },
    ]);
  });
});
