import type { DriftSignalMessage } from '@netseal/backstage-plugin-netseal-common';

/** Whether a drift signal is about the given entity (entity refs compare case-insensitively). */
export function isSignalForEntity(
  signal: DriftSignalMessage,
  entityRef: string,
): boolean {
  return (
    typeof signal.entityRef === 'string' &&
    signal.entityRef.toLocaleLowerCase('en-US') ===
      entityRef.toLocaleLowerCase('en-US')
  );
}
