import { LoggerService } from '@backstage/backend-plugin-api';
import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import {
  DRIFT_STATUSES,
  DriftStatus,
} from '@netseal/backstage-plugin-netseal-common';
import type { DriftStore } from '../database';
import type { DriftEngineListener } from './DriftEngine';

/**
 * Exports drift as OpenTelemetry metrics through Backstage's MetricsService:
 * - `netseal.drift.policies`: stored verdicts by `cluster` and `status`, read from the
 *   store at each collection, so every replica reports the fleet's shared state;
 * - `netseal.drift.transitions`: status changes by new `status` (`removed` when a
 *   policy is no longer tracked);
 * - `netseal.drift.detection_latency`: seconds from a live change being observed to its
 *   drift status stored.
 */
export function driftMetrics(options: {
  metrics: MetricsService;
  store: Pick<DriftStore, 'countByCluster'>;
  logger: LoggerService;
}): DriftEngineListener {
  const { metrics, store, logger } = options;
  const transitions = metrics.createCounter<{
    status: DriftStatus | 'removed';
  }>('netseal.drift.transitions', {
    description: 'Drift status changes of policies, by new status',
  });
  const latency = metrics.createHistogram('netseal.drift.detection_latency', {
    description: 'From a live change being observed to its drift status stored',
    unit: 's',
  });
  metrics
    .createObservableGauge<{ cluster: string; status: DriftStatus }>(
      'netseal.drift.policies',
      {
        description:
          'Policies by drift status and cluster, one per entity that holds them',
      },
    )
    .addCallback(async result => {
      try {
        for (const { cluster, counts } of await store.countByCluster()) {
          for (const status of DRIFT_STATUSES) {
            result.observe(counts[status], { cluster, status });
          }
        }
      } catch (error) {
        // A metrics collection must not fail the exporter; the next one tries again.
        logger.warn(
          `Could not count drift statuses for netseal.drift.policies: ${
            (error as Error).message
          }`,
        );
      }
    });
  return {
    onTransitions(_entity, changes) {
      for (const change of changes) {
        transitions.add(1, { status: change.to ?? 'removed' });
      }
    },
    onLiveChangeChecked(latencyMs) {
      latency.record(latencyMs / 1000);
    },
  };
}
