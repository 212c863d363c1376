import { Config } from '@backstage/config';
import { guardUsernameProblem } from '@netseal/backstage-plugin-netseal-common';

/**
 * `netseal.guard.deleteExceptions`, checked at start-up so that a bad username stops the
 * backend with the setting named, rather than every guard install failing later.
 */
export function readGuardDeleteExceptions(config: Config): string[] {
  const key = 'netseal.guard.deleteExceptions';
  const usernames = config.getOptionalStringArray(key) ?? [];
  usernames.forEach((username, index) => {
    const problem = guardUsernameProblem(username);
    if (problem) {
      throw new Error(`${key}[${index}] ${problem}`);
    }
  });
  return usernames;
}
