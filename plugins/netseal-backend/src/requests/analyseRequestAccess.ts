import {
  accessDiffAsWritten,
  analyseChange,
  buildReachabilityModel,
  ClusterAccessChanges,
  describeAccessChange,
  IpFamily,
  ipBlockEndpoints,
  NetworkPolicy,
  portsToAnalyse,
  ReachabilityInputError,
  RequestChangeOp,
} from '@netseal/backstage-plugin-netseal-common';
import type { ClusterConnection, LiveView } from '../clusters';

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

function analyseCluster(
  liveView: LiveViewForAnalysis,
  cluster: string,
  changes: readonly PolicyChangeToAnalyse[],
): ClusterAccessChanges {
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
  const pods = liveView.pods(cluster);
  // ipBlocks match addresses of one family: that of the pods, as `netseal diff` decides.
  const firstAddress = pods.flatMap(pod => pod.ips ?? [])[0];
  const ipFamily: IpFamily = firstAddress?.includes(':') ? 'IPv6' : 'IPv4';
  // A changed rule without ports changes verdicts on every port, so every port any
  // policy or pod names is analysed, not only those of the changed policies.
  const everyPolicy = [...before, ...after];
  try {
    const model = buildReachabilityModel({
      namespaces: liveView.namespaces(cluster),
      pods,
      policies: [],
      clusterScoped: liveView.clusterScopedPolicies?.(cluster),
    });
    const analyses = analyseChange(
      model,
      before,
      after,
      portsToAnalyse(everyPolicy, pods),
      { ipFamily, externalEndpoints: ipBlockEndpoints(everyPolicy, ipFamily) },
    );
    const lines = analyses.flatMap(analysis => {
      const written = accessDiffAsWritten(analysis);
      return analysis.diff.changes.map((change, index) => ({
        change: change.change,
        protocol: change.protocol,
        port: analysis.analysed.port,
        otherPorts: analysis.analysed.otherPorts,
        flows: change.flows,
        text: describeAccessChange(written.changes[index]),
        ...(change.mayBeOverriddenBy
          ? { mayBeOverriddenBy: change.mayBeOverriddenBy }
          : {}),
      }));
    });
    return {
      cluster,
      openedFlows: analyses.reduce((sum, a) => sum + a.diff.openedFlows, 0),
      closedFlows: analyses.reduce((sum, a) => sum + a.diff.closedFlows, 0),
      changes: lines,
    };
  } catch (error) {
    if (error instanceof ReachabilityInputError) {
      return {
        ...none,
        // The changes are validated, so this is most likely a live object, but the
        // message names the object either way.
        unavailable: `the reachability model cannot read a pod, namespace or policy of cluster ${cluster} (${error.message}); fix that object to see the access changes`,
      };
    }
    throw error;
  }
}

/**
 * The access paths a request's changes open and close in each target cluster, ordered
 * by cluster: the cluster's live policies before, and the same with the changed policies
 * replaced, added or removed by namespace and name after, analysed over its live pods
 * and namespaces as `netseal diff` analyses a snapshot. A cluster without a trustworthy
 * live view is reported `unavailable`, with why and what to do.
 */
export function analyseRequestAccess(
  liveView: LiveViewForAnalysis,
  changes: readonly PolicyChangeToAnalyse[],
): ClusterAccessChanges[] {
  const clusters = [...new Set(changes.map(change => change.cluster))].sort();
  return clusters.map(cluster =>
    analyseCluster(
      liveView,
      cluster,
      changes.filter(change => change.cluster === cluster),
    ),
  );
}
