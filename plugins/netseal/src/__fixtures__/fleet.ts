import type {
  ClusterStatus,
  FleetPolicy,
  FleetSummary,
} from '@netseal/backstage-plugin-netseal-common';
import { PAYMENTS_REF } from './paymentsEntity';
import { driftedPolicy, unknownPolicy } from './paymentsPolicies';

export const fleetClusters: ClusterStatus[] = [
  {
    name: 'prod-eu',
    state: 'connected',
    policyCount: 12,
    version: 'v1.31.2',
    lastSyncedAt: '2026-11-26T10:00:00.000Z',
  },
  {
    name: 'prod-ap',
    state: 'unreachable',
    policyCount: 0,
    reason: 'cluster prod-ap unreachable: connection refused',
  },
];

export const fleetSummary: FleetSummary = {
  counts: {
    unknown: 3,
    missing: 0,
    drifted: 1,
    unsealed: 2,
    pending: 0,
    'in-sync': 9,
  },
  clusters: [
    {
      cluster: 'prod-eu',
      counts: {
        unknown: 0,
        missing: 0,
        drifted: 1,
        unsealed: 2,
        pending: 0,
        'in-sync': 9,
      },
    },
    {
      cluster: 'prod-ap',
      counts: {
        unknown: 3,
        missing: 0,
        drifted: 0,
        unsealed: 0,
        pending: 0,
        'in-sync': 0,
      },
    },
  ],
};

export const fleetPolicies: FleetPolicy[] = [
  { ...unknownPolicy, entityRef: PAYMENTS_REF },
  { ...driftedPolicy, entityRef: PAYMENTS_REF },
];
