import {
  describeRolloutStep,
  planRollback,
} from '@netseal/backstage-plugin-netseal-common';
import type { ClusterDetails } from '@netseal/backstage-plugin-netseal-node';
import type { RolloutOutcome } from '../database/RolloutProgress';
import type { RolloutRecord, RolloutStore } from '../database/RolloutStore';
import type { RolloutExecutor } from './RolloutExecutor';

/** How a rollout ended as a whole. */
export type RolloutEndStatus = 'completed' | 'rolled-back' | 'failed';

/** A rollout failed if any cluster failed, rolled back if any rolled back, else completed. */
export function endStatusOf(
  outcomes: readonly { outcome: RolloutOutcome }[],
): RolloutEndStatus {
  if (outcomes.some(({ outcome }) => outcome.status === 'failed')) {
    return 'failed';
  }
  if (outcomes.some(({ outcome }) => outcome.status === 'rolled-back')) {
    return 'rolled-back';
  }
  return 'completed';
}

/**
 * Runs a stored rollout (a request's or a restore's) cluster by cluster with each
 * cluster's rollout identity, from the progress stored, and answers how each cluster
 * ended. A cluster that does not complete stops the rest: they keep the policies they had,
 * as the cluster that rolled back does. Throws when a cluster lost its rollout identity or
 * `afterWrite` throws; the run then stopped like a crash, and resumes later.
 */
export async function runRolloutClusters(options: {
  record: RolloutRecord;
  store: RolloutStore;
  cluster: (name: string) => ClusterDetails | undefined;
  executor: (details: ClusterDetails) => RolloutExecutor;
  now: () => Date;
  /** After each write of progress: renews the lease, or throws to stop the run. */
  afterWrite: () => Promise<void>;
}): Promise<{ cluster: string; outcome: RolloutOutcome }[]> {
  const { record, store } = options;
  const { requestId } = record;
  const outcomes: { cluster: string; outcome: RolloutOutcome }[] = [];
  for (const cluster of record.clusters) {
    const details = options.cluster(cluster.cluster);
    if (!details?.rolloutAuth) {
      throw new Error(
        `cluster ${cluster.cluster} has no rollout identity any more; configure netseal.clusters[].rollout and the rollout resumes`,
      );
    }
    const ofCluster = record.changes.filter(
      change => change.cluster === cluster.cluster,
    );
    const progress = store.progress(requestId, cluster.cluster, {
      now: options.now,
      describeRollback: (_reason, notCreated) =>
        planRollback(requestId, ofCluster, notCreated)[0].steps.map(
          describeRolloutStep,
        ),
      afterWrite: options.afterWrite,
    });
    const outcome = await options
      .executor(details)
      .execute(
        { requestId, cluster: cluster.cluster, changes: ofCluster },
        progress,
      );
    outcomes.push({ cluster: cluster.cluster, outcome });
    if (outcome.status !== 'completed') break;
  }
  return outcomes;
}
