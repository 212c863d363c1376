import {
  analyseClusterAccess,
  ClusterAccessAnalysis,
  ClusterAccessChanges,
  ClusterAccessInput,
  NetworkPolicy,
  RequestChangeOp,
} from '@netseal/backstage-plugin-netseal-common';
import type { ClusterConnection, LiveView } from '../clusters';
import { AccessAnalysisTooLargeError } from '../errors/AccessAnalysisTooLargeError';

/** What the analysis reads of the live view. */
export type LiveViewForAnalysis = Pick<
  LiveView,
  'connection' | 'networkPolicies' | 'pods' | 'namespaces'
> &
  Partial<Pick<LiveView, 'clusterScopedPolicies'>>;

/** One validated change of a request, as the analysis needs it. */
export interface PolicyChangeToAnalyse {
  op: RequestChangeOp;
  cluster: string;
  namespace: string;
  name: string;
  /** The policy after the change; absent for `remove`. */
  policy?: NetworkPolicy;
}

const key = (namespace?: string, name?: string) => `${namespace}/${name}`;

/** Why a cluster's live view cannot be analysed, or undefined when it can. */
function unavailableReason(
  cluster: string,
  connection: ClusterConnection | undefined,
): string | undefined {
  if (!connection) {
    return `cluster ${cluster} is not configured in netseal.clusters, so Netseal has no live view of it; configure it, or leave it out of the request`;
  }
  switch (connection.state) {
    case 'connected':
      return undefined;
    case 'connecting':
      return `cluster ${cluster} has not finished its first sync of pods, namespaces and policies; wait for it to finish to see the access changes`;
    default:
      return `cluster ${cluster} is ${connection.state} (${connection.reason}), so its live pods and policies are not known; fix the connection to see the access changes`;
  }
}

function connectionOf(
  liveView: LiveViewForAnalysis,
  cluster: string,
): ClusterConnection | undefined {
  try {
    return liveView.connection(cluster);
  } catch {
    // Not configured: the validation accepts clusters the drift store still remembers.
    return undefined;
  }
}

/** Runs one cluster's analysis: in a worker thread in the backend, in-process by default. */
export type ClusterAccessAnalyser = (
  input: ClusterAccessInput,
) => Promise<ClusterAccessAnalysis>;

const inProcess: ClusterAccessAnalyser = async input =>
  analyseClusterAccess(input);

async function analyseCluster(
  liveView: LiveViewForAnalysis,
  cluster: string,
  changes: readonly PolicyChangeToAnalyse[],
  analyse: ClusterAccessAnalyser,
  budget: number | undefined,
): Promise<ClusterAccessChanges> {
  const unavailable = unavailableReason(
    cluster,
    connectionOf(liveView, cluster),
  );
  const none = { cluster, openedFlows: 0, closedFlows: 0, changes: [] };
  if (unavailable) {
    return { ...none, unavailable };
  }
  const before = liveView.networkPolicies(cluster);
  const changed = new Set(
    changes.map(change => key(change.namespace, change.name)),
  );
  const after = [
    ...before.filter(
      policy =>
        !changed.has(key(policy.metadata.namespace, policy.metadata.name)),
    ),
    ...changes.flatMap(change =>
      change.op !== 'remove' && change.policy ? [change.policy] : [],
    ),
  ];
  let analysis: ClusterAccessAnalysis;
  try {
    analysis = await analyse({
      namespaces: liveView.namespaces(cluster),
      pods: liveView.pods(cluster),
      clusterScoped: liveView.clusterScopedPolicies?.(cluster),
      before,
      after,
      ...(budget !== undefined ? { budget } : {}),
    });
  } catch (error) {
    throw error instanceof AccessAnalysisTooLargeError
      ? error.inCluster(cluster)
      : error;
  }
  switch (analysis.kind) {
    case 'analysed':
      return {
        cluster,
        openedFlows: analysis.openedFlows,
        closedFlows: analysis.closedFlows,
        changes: analysis.changes,
      };
    case 'too-large':
      throw new AccessAnalysisTooLargeError({
        ports: analysis.ports,
        peers: analysis.peers,
        cluster,
        reason: `that is ${analysis.ports} × ${analysis.peers}² flow checks, more than the budget of ${analysis.budget}`,
      });
    default:
      return {
        ...none,
        // The changes are validated, so this is most likely a live object, but the
        // message names the object either way.
        unavailable: `the reachability model cannot read a pod, namespace or policy of cluster ${cluster} (${analysis.message}); fix that object to see the access changes`,
      };
  }
}

/**
 * The access paths a request's changes open and close in each target cluster, ordered
 * by cluster: the cluster's live policies before, and the same with the changed policies
 * replaced, added or removed by namespace and name after, analysed over its live pods
 * and namespaces as `netseal diff` analyses a snapshot. A cluster without a trustworthy
 * live view is reported `unavailable`, with why and what to do. An analysis beyond the
 * budget throws {@link AccessAnalysisTooLargeError}.
 */
export async function analyseRequestAccess(
  liveView: LiveViewForAnalysis,
  changes: readonly PolicyChangeToAnalyse[],
  options: { analyse?: ClusterAccessAnalyser; budget?: number } = {},
): Promise<ClusterAccessChanges[]> {
  const clusters = [...new Set(changes.map(change => change.cluster))].sort();
  const results: ClusterAccessChanges[] = [];
  // One cluster after the other: a request's analyses queue behind other requests' too.
  for (const cluster of clusters) {
    results.push(
      await analyseCluster(
        liveView,
        cluster,
        changes.filter(change => change.cluster === cluster),
        options.analyse ?? inProcess,
        options.budget,
      ),
    );
  }
  return results;
}
