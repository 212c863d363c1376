import {
  computeSeal,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import { PolicyInGit } from './readPolicySet';

/** The policy sets a change is analysed between, and which policies it touches. */
export interface CombinedPolicySets {
  before: NetworkPolicy[];
  after: NetworkPolicy[];
  /** `namespace/name` of the policies only `after` has. */
  added: string[];
  /** Only `before` has them. */
  removed: string[];
  /** Both have them, with different canonical forms. */
  changed: string[];
  /** Live policies that neither OLD nor NEW holds, kept as they are in both sets. */
  keptLive: number;
}

function identityOf(policy: NetworkPolicy): string {
  return `${policy.metadata.namespace}/${policy.metadata.name}`;
}

function sorted(policies: ReadonlyMap<string, PolicyInGit>): NetworkPolicy[] {
  return [...policies.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, { policy }]) => policy);
}

/**
 * The cluster's policies before and after a change from OLD to NEW, matching policies by
 * `namespace/name`:
 *
 * - before = the live policies, with those OLD holds replaced by (or added as) OLD's version;
 * - after = the live policies that neither OLD nor NEW holds, plus NEW's.
 *
 * So a policy OLD holds and NEW does not is removed, and live policies that are not managed
 * in these directories (another team's, the platform's) take part unchanged on both sides.
 * Whether a policy changed is decided on its canonical form, as its seal is.
 */
export function combinePolicySets(
  live: readonly NetworkPolicy[],
  old: ReadonlyMap<string, PolicyInGit>,
  next: ReadonlyMap<string, PolicyInGit>,
): CombinedPolicySets {
  const liveOutsideOld = live.filter(policy => !old.has(identityOf(policy)));
  const kept = liveOutsideOld.filter(policy => !next.has(identityOf(policy)));
  const before = [...liveOutsideOld, ...sorted(old)];
  const after = [...kept, ...sorted(next)];

  const sealsBefore = new Map(
    before.map(policy => [identityOf(policy), computeSeal(policy)]),
  );
  const sealsAfter = new Map(
    after.map(policy => [identityOf(policy), computeSeal(policy)]),
  );
  const added = [...sealsAfter.keys()].filter(key => !sealsBefore.has(key));
  const removed = [...sealsBefore.keys()].filter(key => !sealsAfter.has(key));
  const changed = [...sealsAfter.keys()].filter(
    key => sealsBefore.has(key) && sealsBefore.get(key) !== sealsAfter.get(key),
  );
  return {
    before,
    after,
    added: added.sort(),
    removed: removed.sort(),
    changed: changed.sort(),
    keptLive: kept.length,
  };
}
