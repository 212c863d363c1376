import { denyAllIngress } from '../__fixtures__/networkPolicies';
import { SEAL_ANNOTATION } from '../constants';
import type { NetworkPolicy } from '../types';
import { checkSeal } from './checkSeal';
import { computeSeal } from './computeSeal';

function withSeal(policy: NetworkPolicy, seal: string): NetworkPolicy {
  return {
    ...policy,
    metadata: {
      ...policy.metadata,
      annotations: { ...policy.metadata.annotations, [SEAL_ANNOTATION]: seal },
    },
  };
}

describe('checkSeal', () => {
  const seal = computeSeal(denyAllIngress);

  it('reports a manifest whose seal matches its content as sealed', () => {
    expect(checkSeal(withSeal(denyAllIngress, seal))).toEqual({
      state: 'sealed',
      expected: seal,
      recorded: seal,
    });
  });

  it('reports a manifest without the annotation as missing its seal', () => {
    expect(checkSeal(denyAllIngress)).toEqual({
      state: 'missing',
      expected: seal,
    });
  });

  it('reports an empty annotation as a missing seal', () => {
    expect(checkSeal(withSeal(denyAllIngress, ''))).toMatchObject({
      state: 'missing',
      recorded: '',
    });
  });

  it('reports a manifest edited after sealing as stale, with both seals', () => {
    const edited = withSeal(denyAllIngress, seal);
    edited.metadata.labels = { tier: 'backend' };
    expect(checkSeal(edited)).toEqual({
      state: 'stale',
      expected: computeSeal(edited),
      recorded: seal,
    });
    expect(computeSeal(edited)).not.toBe(seal);
  });

  it('reports an annotation that is not a seal at all as stale', () => {
    expect(checkSeal(withSeal(denyAllIngress, 'TODO'))).toMatchObject({
      state: 'stale',
      recorded: 'TODO',
    });
  });

  it('ignores other annotations, so adding one keeps the manifest sealed', () => {
    const annotated = withSeal(denyAllIngress, seal);
    annotated.metadata.annotations = {
      ...annotated.metadata.annotations,
      'example.com/owner': 'payments',
    };
    expect(checkSeal(annotated).state).toBe('sealed');
  });

  it('reports a document without metadata or with null annotations as missing its seal, without throwing', () => {
    expect(checkSeal(JSON.parse('null')).state).toBe('missing');
    expect(checkSeal(JSON.parse('{"spec":{}}')).state).toBe('missing');
    expect(
      checkSeal(JSON.parse('{"metadata":{"annotations":null},"spec":{}}'))
        .state,
    ).toBe('missing');
  });
});
