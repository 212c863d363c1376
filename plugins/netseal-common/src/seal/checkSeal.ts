import type { NetworkPolicy } from '../types';
import { SEAL_ANNOTATION } from '../constants';
import { computeSeal } from './computeSeal';

/**
 * `sealed`: the manifest's seal matches its content. `missing`: it has no seal.
 * `stale`: it has a seal that does not match its content (edited without resealing, or a
 * seal that is not one at all).
 *
 * @public
 */
export type SealState = 'sealed' | 'missing' | 'stale';

/** @public */
export interface SealCheck {
  state: SealState;
  /** The seal of the manifest as it is now. */
  expected: string;
  /** The value of the manifest's `netseal.io/seal` annotation, when it has one. */
  recorded?: string;
}

/**
 * Compares the manifest's `netseal.io/seal` annotation with the seal of its content.
 * An empty annotation counts as missing.
 *
 * @public
 */
export function checkSeal(policy: NetworkPolicy): SealCheck {
  const expected = computeSeal(policy);
  const annotations = policy?.metadata?.annotations;
  const recorded =
    typeof annotations === 'object' && annotations !== null
      ? annotations[SEAL_ANNOTATION]
      : undefined;
  if (typeof recorded !== 'string') {
    return { state: 'missing', expected };
  }
  if (recorded === '') {
    return { state: 'missing', expected, recorded };
  }
  return {
    state: recorded === expected ? 'sealed' : 'stale',
    expected,
    recorded,
  };
}
