import {
  ClusterReachability,
  ClusterScopedPolicies,
  describeServiceReachability,
  isValidNetworkPolicy,
  NetworkPolicy,
  PolicyDriftRecord,
} from '@netseal/backstage-plugin-netseal-common';
import type { ClusterConnection, LiveView } from '../clusters';
import type { SealedManifestOfCluster } from '../database';

/** Which picture is asked for: from the live policies where possible, or the sealed ones. */
export type ReachabilityMode = 'live' | 'sealed';

const ref = (policy: { namespace: string; name: string }) =>
  `${policy.namespace}/${policy.name}`;

/** Why the cluster's live policies cannot be trusted now, or undefined when they can. */
function notLive(
  cluster: string,
  connection: ClusterConnection | undefined,
): string | undefined {
  if (!connection) {
    return `cluster ${cluster} is not configured, so only its sealed policies are known`;
  }
  if (connection.state === 'connected') return undefined;
  if (connection.state === 'connecting') {
    return `cluster ${cluster} is still being listed, so the picture shows its sealed policies`;
  }
  return `cluster ${cluster} is ${connection.state} (${connection.reason}), so the picture shows its sealed policies`;
}

function connectionOf(
  liveView: Pick<LiveView, 'connection'>,
  cluster: string,
): ClusterConnection | undefined {
  try {
    return liveView.connection(cluster);
  } catch {
    return undefined;
  }
}

/**
 * One reachability picture per cluster where the entity has policies, ordered by
 * cluster. In `sealed` mode each is drawn from the policies as sealed in Git. In `live`
 * mode a connected cluster's is drawn from the policies live there that the drift engine
 * found concern the entity (its sealed policies as they are live, drifted or not, and the
 * live-only ones that select its pods), naming those not as sealed in Git; a cluster
 * that is not connected gets its sealed picture, saying why. A stored manifest that is
 * not a valid NetworkPolicy is left out: the drift engine stores only validated ones, so
 * such a row can only be foreign or stale.
 */
export function reachabilityByCluster(options: {
  mode: ReachabilityMode;
  sealed: readonly SealedManifestOfCluster[];
  pods: string | undefined;
  /** The entity's verdicts; needed in live mode. */
  verdicts?: readonly PolicyDriftRecord[];
  liveView?: Pick<LiveView, 'connection' | 'networkPolicies'>;
  /** The cluster's cluster-scoped network policy, when Netseal has a live view of it. */
  clusterScopedOfCluster?: (
    cluster: string,
  ) => ClusterScopedPolicies | undefined;
}): ClusterReachability[] {
  const { mode, pods, liveView } = options;
  const clusterScopedOfCluster =
    options.clusterScopedOfCluster ?? (() => undefined);
  const sealedByCluster = new Map<string, NetworkPolicy[]>();
  for (const { cluster, manifest } of options.sealed) {
    if (!isValidNetworkPolicy(manifest)) continue;
    sealedByCluster.set(cluster, [
      ...(sealedByCluster.get(cluster) ?? []),
      manifest,
    ]);
  }
  const verdicts = options.verdicts ?? [];
  const clusters = new Set([
    ...sealedByCluster.keys(),
    ...(mode === 'live' ? verdicts.map(verdict => verdict.cluster) : []),
  ]);
  const pictures: ClusterReachability[] = [];
  for (const cluster of [...clusters].sort()) {
    const sealedPolicies = sealedByCluster.get(cluster) ?? [];
    const liveUnavailable =
      mode === 'live'
        ? notLive(cluster, liveView && connectionOf(liveView, cluster))
        : undefined;
    if (mode === 'sealed' || liveUnavailable !== undefined) {
      if (sealedPolicies.length === 0) continue;
      pictures.push({
        cluster,
        mode: 'sealed',
        ...(liveUnavailable ? { liveUnavailable } : {}),
        reachability: describeServiceReachability({
          policies: sealedPolicies,
          pods,
          clusterScoped: clusterScopedOfCluster(cluster),
        }),
      });
      continue;
    }
    const ofCluster = verdicts.filter(verdict => verdict.cluster === cluster);
    const concerned = new Set(ofCluster.map(ref));
    const live = liveView!.networkPolicies(cluster).filter(
      policy =>
        isValidNetworkPolicy(policy) &&
        concerned.has(
          ref({
            namespace: policy.metadata.namespace ?? '',
            name: policy.metadata.name ?? '',
          }),
        ),
    );
    pictures.push({
      cluster,
      mode: 'live',
      reachability: describeServiceReachability({
        policies: live,
        pods,
        clusterScoped: clusterScopedOfCluster(cluster),
        unsealed: ofCluster
          .filter(verdict => verdict.status === 'unsealed')
          .map(ref),
        drifted: ofCluster
          .filter(verdict => verdict.status === 'drifted')
          .map(ref),
      }),
    });
  }
  return pictures;
}

/**
 * A cluster's cluster-scoped network policy from the live view; undefined for a cluster
 * Netseal no longer follows, whose picture then says nothing about it.
 */
export function clusterScopedOf(
  liveView: Pick<LiveView, 'clusterNames' | 'clusterScopedPolicies'>,
): (cluster: string) => ClusterScopedPolicies | undefined {
  return cluster =>
    liveView.clusterNames().includes(cluster)
      ? liveView.clusterScopedPolicies(cluster)
      : undefined;
}
