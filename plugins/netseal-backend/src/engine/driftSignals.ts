import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import pLimit from 'p-limit';
import {
  DRIFT_SIGNAL_CHANNEL,
  DriftSignalMessage,
} from '@netseal/backstage-plugin-netseal-common';
import type { DriftEngineListener } from './DriftEngine';

// Signals go through the events service, which may forward each to the events bus.
const PUBLISH_CONCURRENCY = 4;

/**
 * Publishes a Backstage signal for every stored drift status change, so an open portal
 * page refetches at once instead of polling. Signals carry only which policy changed;
 * the page reads the status through the permission-checked API.
 */
export function driftSignals(options: {
  signals: SignalsService;
  logger: LoggerService;
}): DriftEngineListener {
  const limit = pLimit(PUBLISH_CONCURRENCY);
  return {
    async onTransitions(entity, changes) {
      await Promise.all(
        changes.map(change =>
          limit(async () => {
            try {
              await options.signals.publish<DriftSignalMessage>({
                // Signals have no entity recipients: unlike notifications, nothing resolves
                // an entity to its owners; they only match user or group refs against each
                // connection's ownership. The message holds nothing secret, so every open
                // page is told and refetches only if it shows this entity.
                recipients: { type: 'broadcast' },
                channel: DRIFT_SIGNAL_CHANNEL,
                message: {
                  entityRef: entity.entityRef,
                  cluster: change.cluster,
                  namespace: change.namespace,
                  name: change.name,
                  from: change.from ?? null,
                  to: change.to ?? null,
                },
              });
            } catch (error) {
              options.logger.warn(
                `Could not signal the drift status change of ${
                  entity.entityRef
                } ${change.cluster}/${change.namespace}/${change.name}: ${
                  (error as Error).message
                }`,
              );
            }
          }),
        ),
      );
    },
  };
}
