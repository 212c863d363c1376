import { Config, readDurationFromConfig } from '@backstage/config';
import type { HumanDuration } from '@backstage/types';

/** `netseal.rollouts`: whether merges roll out by themselves, and how often to poll. */
export function readRolloutConfig(config: Config): {
  autoStart: boolean;
  pollInterval: HumanDuration;
} {
  const key = 'netseal.rollouts.pollInterval';
  return {
    autoStart: config.getOptionalBoolean('netseal.rollouts.autoStart') ?? true,
    pollInterval: config.has(key)
      ? readDurationFromConfig(config, { key })
      : { minutes: 1 },
  };
}
