import type {
  DriftStatus,
  DriftStatusTransition,
} from '@netseal/backstage-plugin-netseal-common';
import type { TrackedEntity } from '../TrackedEntity';

export const payments: TrackedEntity = {
  entityRef: 'component:default/payments',
  policySourceUrl: 'https://git.example.com/policies/tree/main/payments',
};

let nextId = 1;

/** A stored change of allow-checkout (or `name`) in prod-eu; undefined: first seen or removed. */
export function transition(
  from: DriftStatus | undefined,
  to: DriftStatus | undefined,
  overrides: Partial<DriftStatusTransition> = {},
): DriftStatusTransition {
  return {
    id: nextId++,
    entityRef: payments.entityRef,
    cluster: 'prod-eu',
    namespace: 'shop',
    name: 'allow-checkout',
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    occurredAt: '2026-11-26T09:00:00.000Z',
    ...overrides,
  };
}
