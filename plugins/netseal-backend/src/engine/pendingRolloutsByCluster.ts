import type { PendingRollout } from '@netseal/backstage-plugin-netseal-common';
import type { PendingChange } from './PendingChange';

/**
 * The pending rollouts of one entity's merged or rolling-out requests, by cluster, as
 * computeDrift takes them. Each names the seal its change leaves live (or `absent` for a
 * removal), so that a policy whose new object is live already, because someone applied
 * it, is judged as usual rather than pending.
 */
export function pendingRolloutsByCluster(
  changes: readonly PendingChange[],
): Map<string, PendingRollout[]> {
  const byCluster = new Map<string, PendingRollout[]>();
  for (const { requestId, state, change } of changes) {
    const expected =
      change.op === 'remove'
        ? ('absent' as const)
        : change.newSeal && { seal: change.newSeal };
    const rollout: PendingRollout = {
      namespace: change.namespace,
      name: change.name,
      reason:
        state === 'merged'
          ? `replacement request ${requestId} is merged; its rollout has not run yet`
          : `replacement request ${requestId} is rolling out`,
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
