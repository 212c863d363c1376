import type { NetworkPolicy } from '../types';
import { validateNetworkPolicy } from './validateNetworkPolicy';

/**
 * True when the manifest is a valid NetworkPolicy (validateNetworkPolicy finds nothing),
 * narrowing its type. Use validateNetworkPolicy to tell a person what to fix.
 *
 * @public
 */
export function isValidNetworkPolicy(
  manifest: unknown,
): manifest is NetworkPolicy {
  return validateNetworkPolicy(manifest).length === 0;
}
