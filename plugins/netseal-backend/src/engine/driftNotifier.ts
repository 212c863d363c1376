import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { describeAttribution } from '@netseal/backstage-plugin-netseal-common';
import type { DriftEngineListener } from './DriftEngine';

/**
 * Tells an entity's owners when one of its policies leaves `in-sync`: once per
 * transition, never on a check that changes nothing, never for a policy first seen
 * out of sync or moving between two other statuses. The notifications backend resolves
 * the entity to its owners. The description says who or what the cluster says changed it.
 */
export function driftNotifier(options: {
  notifications: NotificationService;
  logger: LoggerService;
}): DriftEngineListener {
  return {
    async onTransitions(entity, changes) {
      for (const change of changes) {
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
              description: sentences(
                change.reason ??
                  `It no longer matches its seal in the policy source of ${entity.entityRef}.`,
                change.attribution && describeAttribution(change.attribution),
              ),
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
  };
}

function sentences(first: string, second: string | undefined): string {
  if (!second) return first;
  return `${first}${/[.!?]$/.test(first) ? '' : '.'} ${second}`;
}
