import fc from 'fast-check';
import { canonicalize } from '../canonical/canonicalize';
import { computeSeal } from '../seal/computeSeal';
import type { NetworkPolicy } from '../types';
import { networkPolicy } from '../seal/__testUtils__/networkPolicyArbitraries';
import { seededRandom } from '../seal/__testUtils__/policyParts';
import {
  NeutralChange,
  addRuntimeMetadata,
  reorderMapKeys,
  reorderOrderFreeLists,
  repeatListEntries,
  swapEmptyAndMissing,
  toggleDefaultProtocol,
  toggleInferredPolicyTypes,
} from '../seal/__testUtils__/enforcementNeutralChanges';
import {
  EnforcedChange,
  addIPBlockExcept,
  addLabel,
  addPeer,
  addPort,
  changeLabelValue,
  changePolicyTypes,
  changePortNumber,
  changePortProtocol,
  moveToAnotherNamespace,
  renamePolicy,
} from '../seal/__testUtils__/enforcedChanges';
import {
  applyDifferences,
  parseFieldPath,
} from './__testUtils__/applyDifferences';
import { diffCanonicalPolicies } from './diffCanonicalPolicies';

const runs = { numRuns: 200 };

const neutralChanges: NeutralChange[] = [
  reorderMapKeys,
  toggleDefaultProtocol,
  toggleInferredPolicyTypes,
  swapEmptyAndMissing,
  addRuntimeMetadata,
  reorderOrderFreeLists,
  repeatListEntries,
];

/** Each enforced change and where in the canonical form every difference it causes lies. */
const enforcedChanges: Array<[string, EnforcedChange, RegExp]> = [
  ['a label is added', addLabel, /^metadata\.labels\["netseal\.io\/added"\]$/],
  ['a label value changes', changeLabelValue, /^metadata\.labels\[/],
  ['the policy is renamed', renamePolicy, /^metadata\.name$/],
  ['the policy moves', moveToAnotherNamespace, /^metadata\.namespace$/],
  ['a port is added', addPort, /^spec\.ingress\[\d+\]/],
  ['a port number changes', changePortNumber, /^spec\.(ingress|egress)\[\d+\]/],
  ['a protocol changes', changePortProtocol, /^spec\.(ingress|egress)\[\d+\]/],
  ['a peer is added', addPeer, /^spec\.ingress\[\d+\]/],
  ['an except is added', addIPBlockExcept, /^spec\.(ingress|egress)\[\d+\]/],
  ['policyTypes change', changePolicyTypes, /^spec\.policyTypes\[\d+\]$/],
];

function valueAt(root: unknown, path: string): unknown {
  let value = root;
  for (const segment of parseFieldPath(path)) {
    let key: string | number;
    if ('index' in segment) {
      key = segment.index;
    } else {
      key = 'field' in segment ? segment.field : segment.key;
    }
    value = (value as Record<string | number, unknown> | undefined)?.[key];
  }
  return value;
}

/**
 * The live canonical form rebuilt from the sealed one and the differences, and, for
 * each difference with a sealed side, what its path holds in the sealed canonical form.
 */
function replayDifferences(sealed: NetworkPolicy, live: NetworkPolicy) {
  const differences = diffCanonicalPolicies(sealed, live);
  const canonicalSealed = canonicalize(sealed);
  const withSealedSide = differences.filter(d => d.sealed !== undefined);
  return {
    rebuiltLive: canonicalize(applyDifferences(canonicalSealed, differences)),
    reportedSealedValues: withSealedSide.map(d => d.sealed),
    sealedValuesAtPaths: withSealedSide.map(d =>
      valueAt(canonicalSealed, d.path),
    ),
    paths: differences.map(d => d.path),
  };
}

describe('diffCanonicalPolicies, for any valid policies', () => {
  it('finds differences exactly when the seals differ', () => {
    fc.assert(
      fc.property(networkPolicy, networkPolicy, (sealed, live) => {
        expect(diffCanonicalPolicies(sealed, live).length === 0).toBe(
          computeSeal(sealed) === computeSeal(live),
        );
      }),
      runs,
    );
  });

  it('finds nothing when the live object differs only in what is not enforced', () => {
    fc.assert(
      fc.property(networkPolicy, fc.integer(), (sealed, seed) => {
        const random = seededRandom(seed);
        const live = neutralChanges.reduce(
          (current, change) => change(current, random),
          sealed,
        );
        expect(diffCanonicalPolicies(sealed, live)).toEqual([]);
      }),
      runs,
    );
  });

  it('explains the whole change: applied to the sealed canonical form, the differences give the live one', () => {
    fc.assert(
      fc.property(networkPolicy, networkPolicy, (sealed, live) => {
        const replay = replayDifferences(sealed, live);
        expect(replay.rebuiltLive).toEqual(canonicalize(live));
        expect(replay.sealedValuesAtPaths).toEqual(replay.reportedSealedValues);
        expect(new Set(replay.paths).size).toBe(replay.paths.length);
      }),
      runs,
    );
  });

  it.each(enforcedChanges)(
    'names the changed place when %s',
    (_, change, place) => {
      fc.assert(
        fc.property(networkPolicy, fc.integer(), (sealed, seed) => {
          const random = seededRandom(seed);
          const changed = change(sealed, random);
          fc.pre(changed !== undefined);
          // Written differently too, so only the enforced change may show.
          const live = neutralChanges.reduce(
            (current, neutral) => neutral(current, random),
            changed as NetworkPolicy,
          );
          const differences = diffCanonicalPolicies(sealed, live);
          expect(differences.length).toBeGreaterThan(0);
          for (const difference of differences) {
            expect(difference.path).toMatch(place);
          }
          const replay = replayDifferences(sealed, live);
          expect(replay.rebuiltLive).toEqual(canonicalize(live));
          expect(replay.sealedValuesAtPaths).toEqual(
            replay.reportedSealedValues,
          );
        }),
        runs,
      );
    },
  );
});
