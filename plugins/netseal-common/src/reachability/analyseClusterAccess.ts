import type { NetworkPolicy, NetworkPolicyProtocol } from '../types';
import {
  analyseGroup,
  groupsOf,
  ipBlockEndpoints,
  modelsOf,
  portNumbersInWords,
} from './analyseChange';
import { describeAccessChange } from './describeAccessChange';
import type { IpFamily } from './ipAddress';
import { portsToAnalyse } from './portsToAnalyse';
import { ReachabilityInputError } from './ReachabilityInputError';
import { buildReachabilityModel } from './ReachabilityModel';
import type { ClusterScopedPolicies } from './clusterScopedPolicies';
import type { ClusterNamespace, ClusterPod } from './types';

/**
 * The default budget of one cluster's analysis, in flow checks: ports analysed apart ×
 * peers × peers, where peers are the pod classes and outside endpoints a flow can start
 * or end at. A realistic 2,000-pod cluster (16 ports apart × 350 peers, 2 million
 * checks) takes about 150 ms of CPU on the two-core build machine, so the budget is
 * several seconds of one core there, 50 times what that cluster needs.
 * @public
 */
export const DEFAULT_ACCESS_ANALYSIS_BUDGET = 100_000_000;

/** What a cluster's access analysis reads: its live pods and namespaces, and both policy sets. @public */
export interface ClusterAccessInput {
  namespaces: ClusterNamespace[];
  pods: ClusterPod[];
  /** The cluster's policies now. */
  before: NetworkPolicy[];
  /** The same with the request's changes made. */
  after: NetworkPolicy[];
  /** The cluster's cluster-scoped policies, which may decide flows before or after the NetworkPolicies. */
  clusterScoped?: ClusterScopedPolicies;
  /** Flow checks the analysis may cost; {@link DEFAULT_ACCESS_ANALYSIS_BUDGET} by default. */
  budget?: number;
}

/** One access path a change opens or closes, as the API and the pull request show it. @public */
export interface AccessChangeLine {
  change: 'opened' | 'closed';
  protocol: NetworkPolicyProtocol;
  /** The first port the line stands for. */
  port: number | string;
  /** `port` stands for every port of its protocol that no policy and no pod names. */
  otherPorts: boolean;
  /** Every port the line stands for, as ranges (`8000-8999, 9443`), when more than one. */
  ports?: string;
  /** Flows (source pod, destination pod, port) it opens or closes, on all its ports. */
  flows: number;
  text: string;
  /** Cluster-scoped policies that may decide these flows instead, so the line's verdict is unknown. */
  mayBeOverriddenBy?: string[];
}

/**
 * A cluster's access analysis: the lines, or why there are none.
 * @public
 */
export type ClusterAccessAnalysis =
  | {
      kind: 'analysed';
      openedFlows: number;
      closedFlows: number;
      changes: AccessChangeLine[];
    }
  | {
      kind: 'too-large';
      /** Ports analysed apart (ports every policy treats alike count once). */
      ports: number;
      /** Pod classes and outside endpoints. */
      peers: number;
      budget: number;
    }
  | { kind: 'unreadable'; message: string };

/**
 * The access paths a change of a cluster's policies opens and closes, over its live pods
 * and namespaces, as `netseal diff` analyses a snapshot: every port any policy or pod
 * names (ports every policy treats alike analysed once, and written as one line), and
 * every ipBlock CIDR as an endpoint outside the pod network, in the address family of the
 * pods. When the analysis would cost more than `budget` flow checks, it is not run: the
 * answer says how large it is. Pure and synchronous: the backend runs it in a worker.
 * @public
 */
export function analyseClusterAccess(
  input: ClusterAccessInput,
  hooks: {
    /** Told the analysis's size before its costly part, for a caller that may stop it. */
    onSized?(sizing: { ports: number; peers: number }): void;
  } = {},
): ClusterAccessAnalysis {
  const budget = input.budget ?? DEFAULT_ACCESS_ANALYSIS_BUDGET;
  const { pods, before, after } = input;
  const firstAddress = pods.flatMap(pod => pod.ips ?? [])[0];
  const ipFamily: IpFamily = firstAddress?.includes(':') ? 'IPv6' : 'IPv4';
  // A changed rule without ports changes verdicts on every port, so every port any
  // policy or pod names is analysed, not only those of the changed policies.
  const everyPolicy = [...before, ...after];
  try {
    const model = buildReachabilityModel({
      namespaces: input.namespaces,
      pods,
      policies: [],
      clusterScoped: input.clusterScoped,
    });
    const externalEndpoints = ipBlockEndpoints(everyPolicy, ipFamily);
    const ports = portsToAnalyse(everyPolicy, pods);
    const models = modelsOf(model, before, after);
    const groups = groupsOf(models, ports);
    const peers =
      models.before.jointPartition(models.after).size +
      externalEndpoints.length;
    hooks.onSized?.({ ports: groups.length, peers });
    if (groups.length * peers * peers > budget) {
      return { kind: 'too-large', ports: groups.length, peers, budget };
    }
    const analyses = groups.map(group =>
      analyseGroup(models, group, { ipFamily, externalEndpoints }),
    );
    const changes = analyses.flatMap(({ ports: group, diff }) => {
      const [analysed] = group;
      const written = analysed.otherPorts
        ? 'any other port'
        : portNumbersInWords(group);
      return diff.changes.map(change => {
        const flows = change.flows * group.length;
        return {
          change: change.change,
          protocol: change.protocol,
          port: analysed.port,
          otherPorts: analysed.otherPorts,
          ...(group.length > 1 ? { ports: written } : {}),
          flows,
          text: describeAccessChange({ ...change, port: written, flows }),
          ...(change.mayBeOverriddenBy
            ? { mayBeOverriddenBy: change.mayBeOverriddenBy }
            : {}),
        };
      });
    });
    const total = (kind: 'opened' | 'closed') =>
      changes
        .filter(line => line.change === kind)
        .reduce((sum, line) => sum + line.flows, 0);
    return {
      kind: 'analysed',
      openedFlows: total('opened'),
      closedFlows: total('closed'),
      changes,
    };
  } catch (error) {
    if (error instanceof ReachabilityInputError) {
      return { kind: 'unreadable', message: error.message };
    }
    throw error;
  }
}
