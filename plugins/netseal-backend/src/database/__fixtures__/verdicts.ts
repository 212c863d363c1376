import type { PolicyDriftToStore } from '../DriftStore';

export const SEAL_A = `sha256:${'a'.repeat(64)}`;
export const SEAL_B = `sha256:${'b'.repeat(64)}`;

export const PAYMENTS = 'component:default/payments';
export const CHECKOUT = 'component:default/checkout';

/** A verdict of computeDrift as the drift engine hands it to the store. */
export function verdict(
  name: string,
  overrides: Partial<PolicyDriftToStore> = {},
): PolicyDriftToStore {
  return {
    cluster: 'prod-eu',
    namespace: 'payments',
    name,
    status: 'in-sync',
    seal: SEAL_A,
    liveDigest: SEAL_A,
    source: { file: `prod-eu/payments/${name}.yaml`, line: 1 },
    differences: [],
    ...overrides,
  };
}

/** Minutes after a fixed instant, so tests never read the clock. */
export function at(minutes: number): Date {
  return new Date(Date.UTC(2026, 10, 26, 9, minutes));
}
