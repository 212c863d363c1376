import type { PendingRollout } from '@netseal/backstage-plugin-netseal-common';
import type { PendingChange } from './PendingChange';

/**
 * The pending rollouts of one entity's merged or rolling-out requests (and running
 * restores), by cluster, as
 * computeDrift takes them. Each names the seal its change leaves live (or `absent` for a
 * removal), so that a policy whose new object is live already, because someone applied
 * it, is judged as usual rather than pending.
 */
export function pendingRolloutsByCluster(
  changes: readonly PendingChange[],
): Map<string, PendingRollout[]> {
  const byCluster = new Map<string, PendingRollout[]>();
  for (const { requestId, state, change, kind } of changes) {
    const expected =
      change.op === 'remove'
        ? ('absent' as const)
        : change.newSeal && { seal: change.newSeal };
    let reason: string;
    if (kind === 'restore') {
      reason = `restore ${requestId} is putting its sealed version back`;
    } else if (state === 'merged') {
      reason = `replacement request ${requestId} is merged; its rollout has not run yet`;
    } else {
      reason = `replacement request ${requestId} is rolling out`;
    }
    const rollout: PendingRollout = {
      namespace: change.namespace,
      name: change.name,
      reason,
      ...(expected ? { expected } : {}),
    };
    const rollouts = byCluster.get(change.cluster);
    if (rollouts) {
      rollouts.push(rollout);
    } else {
      byCluster.set(change.cluster, [rollout]);
    }
  }
  return byCluster;
}
