import type { DriftSignal } from './useLiveData';

/** Whether a drift signal is about the given entity (entity refs compare case-insensitively). */
export function isSignalForEntity(
  signal: DriftSignal,
  entityRef: string,
): boolean {
  return (
    typeof signal.entityRef === 'string' &&
    signal.entityRef.toLocaleLowerCase('en-US') ===
      entityRef.toLocaleLowerCase('en-US')
  );
}
