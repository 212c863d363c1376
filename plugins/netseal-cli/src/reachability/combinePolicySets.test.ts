import { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';
import { combinePolicySets } from './combinePolicySets';
import { PolicyInGit } from './readPolicySet';

function policy(namespace: string, name: string, app = 'web'): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec: { podSelector: { matchLabels: { app } } },
  };
}

function inGit(...policies: NetworkPolicy[]): Map<string, PolicyInGit> {
  return new Map(
    policies.map(p => [
      `${p.metadata.namespace}/${p.metadata.name}`,
      { policy: p, location: 'x.yaml:1' },
    ]),
  );
}

const names = (policies: NetworkPolicy[]) =>
  policies.map(p => `${p.metadata.namespace}/${p.metadata.name}`);

describe('combinePolicySets', () => {
  it('replaces live policies by their old version before, and by the new set after', () => {
    const live = [policy('shop', 'a'), policy('shop', 'b'), policy('ops', 'c')];
    const sets = combinePolicySets(
      live,
      inGit(policy('shop', 'a'), policy('shop', 'b')),
      inGit(policy('shop', 'a', 'api'), policy('shop', 'd')),
    );

    expect(names(sets.before)).toEqual(['ops/c', 'shop/a', 'shop/b']);
    expect(names(sets.after)).toEqual(['ops/c', 'shop/a', 'shop/d']);
    expect(sets).toMatchObject({
      changed: ['shop/a'],
      added: ['shop/d'],
      removed: ['shop/b'],
      keptLive: 1,
    });
    expect(sets.after[1].spec.podSelector.matchLabels).toEqual({ app: 'api' });
  });

  it('analyses the old version, not the live one, of a policy old holds', () => {
    const drifted = policy('shop', 'a', 'drifted');
    const sets = combinePolicySets(
      [drifted],
      inGit(policy('shop', 'a')),
      inGit(policy('shop', 'a')),
    );

    expect(sets.before[0].spec.podSelector.matchLabels).toEqual({
      app: 'web',
    });
    expect(sets).toMatchObject({ changed: [], added: [], removed: [] });
  });

  it('replaces a live policy that only the new set holds, as a rollout would', () => {
    const sets = combinePolicySets(
      [policy('shop', 'a', 'live')],
      inGit(),
      inGit(policy('shop', 'a', 'git')),
    );

    expect(names(sets.after)).toEqual(['shop/a']);
    expect(sets.after[0].spec.podSelector.matchLabels).toEqual({ app: 'git' });
    expect(sets.changed).toEqual(['shop/a']);
    expect(sets.keptLive).toBe(0);
  });

  it('does not call a policy changed for differences its canonical form ignores', () => {
    const reordered: NetworkPolicy = {
      ...policy('shop', 'a'),
      metadata: {
        name: 'a',
        namespace: 'shop',
        annotations: { 'netseal.io/seal': 'sha256:whatever' },
      },
      spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [] },
    };
    const sets = combinePolicySets(
      [],
      inGit(policy('shop', 'a')),
      inGit(reordered),
    );

    expect(sets.changed).toEqual([]);
  });
});
