import fc from 'fast-check';
import { canonicalize, encodeCanonical } from '../canonical/canonicalize';
import { canonicalJson } from '../canonical/__testUtils__/canonicalJson';
import { validateNetworkPolicy } from '../validation/validateNetworkPolicy';
import { isValidNetworkPolicy } from '../validation/isValidNetworkPolicy';
import type { NetworkPolicy } from '../types';
import { computeSeal } from './computeSeal';
import { networkPolicy } from './__testUtils__/networkPolicyArbitraries';
import { seededRandom } from './__testUtils__/policyParts';
import {
  NeutralChange,
  addRuntimeMetadata,
  reorderMapKeys,
  reorderOrderFreeLists,
  repeatListEntries,
  swapEmptyAndMissing,
  toggleDefaultProtocol,
  toggleInferredPolicyTypes,
} from './__testUtils__/enforcementNeutralChanges';
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
} from './__testUtils__/enforcedChanges';

// Two cores in CI: enough runs to cover the schema, few enough to stay quick. Mutation
// testing (stryker.config.mjs) runs every property once per mutant and asks for fewer.
const runs = { numRuns: Number(process.env.NETSEAL_PROPERTY_RUNS ?? 200) };

describe('every generated policy', () => {
  it('is valid, so the properties below speak about real manifests', () => {
    fc.assert(
      fc.property(networkPolicy, policy => {
        expect(validateNetworkPolicy(policy)).toEqual([]);
      }),
      runs,
    );
  });
});

describe('the seal stays the same when nothing enforced changes', () => {
  const neutralChanges: Array<[string, NeutralChange]> = [
    ['map keys are written in another order', reorderMapKeys],
    [
      'protocol: TCP is written out or left to the default',
      toggleDefaultProtocol,
    ],
    [
      'the inferred policyTypes are written out or left out',
      toggleInferredPolicyTypes,
    ],
    ['empty lists and maps are written or left out', swapEmptyAndMissing],
    [
      'the object carries runtime metadata, status and other annotations',
      addRuntimeMetadata,
    ],
    [
      'rules, peers, ports, excepts, expressions, values and policyTypes are reordered',
      reorderOrderFreeLists,
    ],
    ['entries of additive lists are repeated', repeatListEntries],
  ];

  it.each(neutralChanges)('when %s', (_, change) => {
    fc.assert(
      fc.property(networkPolicy, fc.integer(), (policy, seed) => {
        const changed = change(policy, seededRandom(seed));
        expect(validateNetworkPolicy(changed)).toEqual([]);
        expect(canonicalize(changed)).toEqual(canonicalize(policy));
        expect(computeSeal(changed)).toBe(computeSeal(policy));
      }),
      runs,
    );
  });

  it('when all of these happen at once', () => {
    fc.assert(
      fc.property(networkPolicy, fc.integer(), (policy, seed) => {
        const random = seededRandom(seed);
        const changed = neutralChanges.reduce(
          (current, [, change]) => change(current, random),
          policy,
        );
        expect(computeSeal(changed)).toBe(computeSeal(policy));
      }),
      runs,
    );
  });
});

describe('the seal changes with every enforced change', () => {
  const enforcedChanges: Array<[string, EnforcedChange]> = [
    ['a label is added', addLabel],
    ['a label value changes', changeLabelValue],
    ['the policy is renamed', renamePolicy],
    ['the policy moves to another namespace', moveToAnotherNamespace],
    ['a port is added', addPort],
    ['a port number changes', changePortNumber],
    ['a port protocol changes', changePortProtocol],
    ['a peer is added', addPeer],
    ['an ipBlock gains an except', addIPBlockExcept],
    ['the effective policyTypes change', changePolicyTypes],
  ];

  it.each(enforcedChanges)('when %s', (_, change) => {
    fc.assert(
      fc.property(networkPolicy, fc.integer(), (policy, seed) => {
        const changed = change(policy, seededRandom(seed));
        fc.pre(changed !== undefined);
        expect(validateNetworkPolicy(changed)).toEqual([]);
        expect(computeSeal(changed as NetworkPolicy)).not.toBe(
          computeSeal(policy),
        );
      }),
      runs,
    );
  });
});

describe('the canonical form', () => {
  it('is written as sorted-key JSON (RFC 8785 style) for the seal', () => {
    fc.assert(
      fc.property(networkPolicy, policy => {
        const { value, json } = encodeCanonical(policy);
        expect(json).toBe(canonicalJson(value));
        expect(JSON.parse(json)).toEqual(value);
      }),
      runs,
    );
  });

  it('is itself a valid manifest with the same seal', () => {
    fc.assert(
      fc.property(networkPolicy, policy => {
        const canonical: unknown = canonicalize(policy);
        expect(validateNetworkPolicy(canonical)).toEqual([]);
        expect(isValidNetworkPolicy(canonical) && computeSeal(canonical)).toBe(
          computeSeal(policy),
        );
      }),
      runs,
    );
  });
});
