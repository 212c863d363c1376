import { canonicalize } from '../canonical/canonicalize';
import type { CanonicalLabelSelector } from '../canonical/CanonicalNetworkPolicy';
import { SEALED_LABEL } from '../constants';
import type { LabelSelector, NetworkPolicy, PolicyType } from '../types';

/** The label that marks a rollout's temporary guard policies, valued by the request's id. @public */
export const GUARD_LABEL = 'netseal.io/guard';

/** What a rollout does to one policy of one cluster. @public */
export interface RolloutChange {
  op: 'replace' | 'add' | 'remove';
  cluster: string;
  namespace: string;
  name: string;
  /** The sealed policy replaced or removed. */
  oldPolicy?: NetworkPolicy;
  /** The resealed policy created, for `replace` and `add`. */
  newPolicy?: NetworkPolicy;
  /** The seal of `newPolicy`, checked on the object read back. */
  newSeal?: string;
}

/**
 * One idempotent step of a rollout in one cluster:
 * - `create-guard`: create a deny-all guard policy for the pods a changed policy selects;
 * - `delete`: delete a sealed policy (the old one of a replace, or a removed one);
 * - `create`: create a sealed policy (the new one of a replace, or an added one);
 * - `verify`: read a created policy back and check its canonical digest against its seal;
 * - `delete-guard`: delete a guard once every change of the cluster is in place.
 *
 * @public
 */
export type RolloutStep =
  | { kind: 'create-guard'; namespace: string; guard: NetworkPolicy }
  | { kind: 'delete'; namespace: string; name: string }
  | { kind: 'create'; namespace: string; policy: NetworkPolicy }
  | { kind: 'verify'; namespace: string; name: string; seal: string }
  | { kind: 'delete-guard'; namespace: string; name: string };

/** The steps of one cluster, in the order they run. @public */
export interface ClusterRolloutPlan {
  cluster: string;
  strategy: 'fail-closed';
  steps: RolloutStep[];
}

function selectorKey(selector: CanonicalLabelSelector): string {
  return JSON.stringify(selector);
}

/**
 * The fail-closed, delete-and-recreate plan of a request's changes, per cluster.
 *
 * Why this order keeps DESIGN's rule 2 (no intermediate state allows a flow that neither
 * the old nor the new policy set allows): a pod's verdict in a direction changes only if a
 * changed policy (old or new) selects it for that direction, and every such pod is
 * isolated in that direction by a guard before anything is deleted. While the guards
 * stand, such a pod is allowed only what the policies present allow: first the unchanged
 * ones and the old ones not yet deleted (a subset of what the old set allows it), then
 * the unchanged ones and the new ones created so far (a subset of what the new set allows
 * it). Every pod of the cluster is on the old side until the last delete and on the new
 * side from the first create, so no flow can pair an old-only egress with a new-only
 * ingress. Guards therefore go up for the whole cluster first and come down last.
 *
 * A guard selects what a changed policy selects, in the policy's namespace, and isolates
 * the directions that the old or the new policy of that selector isolates. Guards are
 * named `netseal-guard-<requestId>-<n>` and carry {@link GUARD_LABEL}.
 *
 * @public
 */
export function planRollout(
  requestId: string,
  changes: readonly RolloutChange[],
): ClusterRolloutPlan[] {
  const clusters = [...new Set(changes.map(change => change.cluster))].sort();
  return clusters.map(cluster => {
    const ofCluster = changesOfCluster(changes, cluster);

    const guardPolicies = planGuards(requestId, ofCluster);

    const steps: RolloutStep[] = [
      ...guardPolicies.map(
        (guard): RolloutStep => ({
          kind: 'create-guard',
          namespace: guard.metadata.namespace!,
          guard,
        }),
      ),
      ...ofCluster
        .filter(change => change.op !== 'add')
        .map(
          (change): RolloutStep => ({
            kind: 'delete',
            namespace: change.namespace,
            name: change.name,
          }),
        ),
      ...ofCluster.flatMap((change): RolloutStep[] =>
        change.op !== 'remove' && change.newPolicy
          ? [
              {
                kind: 'create',
                namespace: change.namespace,
                policy: withSealedLabel(change.newPolicy),
              },
            ]
          : [],
      ),
      ...ofCluster.flatMap((change): RolloutStep[] =>
        change.op !== 'remove' && change.newSeal
          ? [
              {
                kind: 'verify',
                namespace: change.namespace,
                name: change.name,
                seal: change.newSeal,
              },
            ]
          : [],
      ),
      ...guardPolicies.map(
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

/**
 * The guards of one cluster's changes: one per namespace and selector, isolating every
 * direction any policy with that selector isolates, old or new. A rollback plans the same
 * guards, so that re-creating one after a crash meets the very object already standing.
 */
export function planGuards(
  requestId: string,
  ofCluster: readonly RolloutChange[],
): NetworkPolicy[] {
  const guards = new Map<
    string,
    { namespace: string; selector: LabelSelector; types: Set<PolicyType> }
  >();
  for (const change of ofCluster) {
    for (const policy of [change.oldPolicy, change.newPolicy]) {
      if (!policy) continue;
      const canonical = canonicalize(policy);
      const key = `${change.namespace} ${selectorKey(
        canonical.spec.podSelector,
      )}`;
      const guard = guards.get(key) ?? {
        namespace: change.namespace,
        // Selectors equal in canonical form select the same pods; the first one written is kept.
        selector: policy.spec.podSelector,
        types: new Set<PolicyType>(),
      };
      canonical.spec.policyTypes.forEach(type => guard.types.add(type));
      guards.set(key, guard);
    }
  }
  return [...guards.values()].map(
    (guard, index): NetworkPolicy => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: `netseal-guard-${requestId}-${index + 1}`,
        namespace: guard.namespace,
        labels: { [GUARD_LABEL]: requestId },
      },
      spec: {
        podSelector: guard.selector,
        policyTypes: (['Ingress', 'Egress'] as const).filter(type =>
          guard.types.has(type),
        ),
      },
    }),
  );
}

/** The changes of one cluster, in the order their steps run. */
export function changesOfCluster(
  changes: readonly RolloutChange[],
  cluster: string,
): RolloutChange[] {
  return changes
    .filter(change => change.cluster === cluster)
    .sort((a, b) =>
      `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
    );
}

/** The policy as it is created: with the sealed label, which admission selects. */
export function withSealedLabel(policy: NetworkPolicy): NetworkPolicy {
  return {
    ...policy,
    metadata: {
      ...policy.metadata,
      labels: { ...policy.metadata.labels, [SEALED_LABEL]: 'true' },
    },
  };
}
