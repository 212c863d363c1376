import { LoggerService } from '@backstage/backend-plugin-api';
import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { NotificationService } from '@backstage/plugin-notifications-node';
import type { DriftEngineListener } from './DriftEngine';

/**
 * Tells an entity's owners when one of its policies leaves `in-sync` (once per
 * transition, never on a resync that changes nothing), and exports drift metrics.
 */
export function driftNotifier(options: {
  notifications: NotificationService;
  metrics: MetricsService;
  logger: LoggerService;
}): DriftEngineListener {
  const transitions = options.metrics.createCounter(
    'netseal.drift.transitions',
    { description: 'Drift status changes of sealed policies, by new status' },
  );
  const latency = options.metrics.createHistogram(
    'netseal.drift.detection_latency',
    {
      description:
        'From a live change being observed to its drift status stored',
      unit: 's',
    },
  );
  return {
    async onTransitions(entity, changes) {
      for (const change of changes) {
        transitions.add(1, { status: change.to ?? 'removed' });
        if (
          change.from !== 'in-sync' ||
          !change.to ||
          change.to === 'in-sync'
        ) {
          continue;
        }
        try {
          await options.notifications.send({
            recipients: { type: 'entity', entityRef: entity.entityRef },
            payload: {
              title: `NetworkPolicy ${change.namespace}/${change.name} in ${change.cluster} is ${change.to}`,
              description:
                change.reason ??
                `It no longer matches its seal in the policy source of ${entity.entityRef}.`,
              severity: change.to === 'unknown' ? 'normal' : 'high',
              topic: 'netseal-drift',
              scope: `netseal:drift:${change.cluster}/${change.namespace}/${change.name}`,
            },
          });
        } catch (error) {
          options.logger.warn(
            `Could not notify the owners of ${entity.entityRef} about ${
              change.cluster
            }/${change.namespace}/${change.name}: ${(error as Error).message}`,
          );
        }
      }
    },
    onLiveChangeChecked(latencyMs) {
      latency.record(latencyMs / 1000);
    },
  };
}
