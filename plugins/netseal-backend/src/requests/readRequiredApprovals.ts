import { Config } from '@backstage/config';

/** `netseal.requests.requiredApprovals`: at least 1, since a merge always needs a reviewer. */
export function readRequiredApprovals(config: Config): number {
  const value = config.getOptionalNumber('netseal.requests.requiredApprovals');
  if (value === undefined) {
    return 1;
  }
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `netseal.requests.requiredApprovals is ${value}; set a whole number of at least 1`,
    );
  }
  return value;
}
