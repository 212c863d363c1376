import { computeSeal } from '../seal/computeSeal';
import {
  changesOfCluster,
  ClusterRolloutPlan,
  planGuards,
  RolloutChange,
  RolloutStep,
  withSealedLabel,
} from './planRollout';

/**
 * The fail-closed plan that puts a cluster back to the old policies after its rollout
 * failed at any step: raise the rollout's guards again (the same names and specs, so those
 * still standing are found in place), delete every policy the rollout created or may have
 * created, re-create every old sealed policy it deleted or may have deleted, read each back
 * against the seal of what was created, and lift the guards.
 *
 * It keeps DESIGN's rule 2 for the reason planRollout does: a rollout that stopped at any
 * step leaves, besides the unchanged policies, either some old ones or some new ones,
 * never both (every delete runs before the first create). Once the guards stand again,
 * every pod a change touches is allowed only what the policies present allow: a part of
 * the new set while the created policies go, then a part of the old set while the old ones
 * come back. Every step is idempotent, so the plan runs from the start whatever the
 * rollout got to, and again after a crash of the rollback itself.
 *
 * `notCreated` names the policies the rollout never created: those whose create step had
 * not started, or failed because another object held the name. Whatever stands under
 * such a name was there before the rollout (the old policy, or an object Netseal does not
 * own), so the rollback leaves it alone rather than delete what it did not create.
 *
 * The seal checked on an old policy is the digest of the object re-created (the sealed
 * manifest from Git, with the sealed label it already carries when validly sealed).
 *
 * @public
 */
export function planRollback(
  requestId: string,
  changes: readonly RolloutChange[],
  notCreated: readonly { namespace: string; name: string }[] = [],
): ClusterRolloutPlan[] {
  const untouched = (change: RolloutChange) =>
    notCreated.some(
      policy =>
        policy.namespace === change.namespace && policy.name === change.name,
    );
  const clusters = [...new Set(changes.map(change => change.cluster))].sort();
  return clusters.map(cluster => {
    const ofCluster = changesOfCluster(changes, cluster);
    const guards = planGuards(requestId, ofCluster);
    const restored = ofCluster.flatMap(change =>
      change.op !== 'add' && change.oldPolicy
        ? [{ change, policy: withSealedLabel(change.oldPolicy) }]
        : [],
    );
    const steps: RolloutStep[] = [
      ...guards.map(
        (guard): RolloutStep => ({
          kind: 'create-guard',
          namespace: guard.metadata.namespace!,
          guard,
        }),
      ),
      ...ofCluster
        .filter(change => change.op !== 'remove' && !untouched(change))
        .map(
          (change): RolloutStep => ({
            kind: 'delete',
            namespace: change.namespace,
            name: change.name,
          }),
        ),
      ...restored.map(
        ({ change, policy }): RolloutStep => ({
          kind: 'create',
          namespace: change.namespace,
          policy,
        }),
      ),
      ...restored.map(
        ({ change, policy }): RolloutStep => ({
          kind: 'verify',
          namespace: change.namespace,
          name: change.name,
          seal: computeSeal(policy),
        }),
      ),
      ...guards.map(
        (guard): RolloutStep => ({
          kind: 'delete-guard',
          namespace: guard.metadata.namespace!,
          name: guard.metadata.name!,
        }),
      ),
    ];
    return { cluster, strategy: 'fail-closed', steps };
  });
}
