import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';

/** `netseal.resyncInterval`: how often every cluster is listed in full (default 10 min). */
export function readResyncInterval(config: Config): HumanDuration {
  return config.has('netseal.resyncInterval')
    ? readDurationFromConfig(config, { key: 'netseal.resyncInterval' })
    : { minutes: 10 };
}
