/**
 * The reachability model: which connections a set of NetworkPolicies allows, and which
 * access paths a change of policies opens or closes. Pure and isomorphic.
 * See README.md in this folder for the rules and their upstream sources.
 */

export { buildReachabilityModel, ReachabilityModel } from './ReachabilityModel';
export type { PodIsolation } from './ReachabilityModel';
export { evaluateConnection } from './evaluateConnection';
export { computeAccessMatrix } from './computeAccessMatrix';
export {
  countAllowedPodPairs,
  isPodAccessAllowed,
  listAllowedPodPairs,
} from './accessMatrixQueries';
export { diffAccess } from './diffAccess';
export {
  accessDiffAsWritten,
  analyseChange,
  analyseChangeByPortGroup,
  analysedPortName,
  ipBlockEndpoints,
  portGroupName,
} from './analyseChange';
export type { PortAnalysis, PortGroupAnalysis } from './analyseChange';
export {
  analyseClusterAccess,
  DEFAULT_ACCESS_ANALYSIS_BUDGET,
} from './analyseClusterAccess';
export type {
  AccessChangeLine,
  ClusterAccessAnalysis,
  ClusterAccessInput,
} from './analyseClusterAccess';
export { portsToAnalyse } from './portsToAnalyse';
export type { AnalysedPort } from './portsToAnalyse';
export {
  describeAccessChange,
  describeAccessParty,
  describeConnectionVerdict,
  summarizeAccessDiff,
} from './describeAccessChange';
export { snapshotFromKubernetesList } from './snapshotFromKubernetesList';
export {
  CLUSTER_SCOPED_POLICY_KINDS,
  describeCountedKind,
  NETWORK_POLICY_API_GROUP,
} from './clusterScopedPolicies';
export type {
  ClusterScopedPolicies,
  ClusterScopedPolicyKind,
  CountedPolicyKind,
  NetworkPolicyApiObject,
  NetworkPolicyApiRule,
} from './clusterScopedPolicies';
export { ReachabilityInputError } from './ReachabilityInputError';
export type { IpFamily } from './ipAddress';
export type {
  AccessChange,
  AccessDiff,
  AccessDiffOptions,
  AccessMatrix,
  AccessMatrixOptions,
  AccessParty,
  ClusterNamespace,
  ClusterNode,
  ClusterPod,
  ClusterSnapshot,
  ConnectionProbe,
  ConnectionVerdict,
  ContainerPort,
  DirectionVerdict,
  ConnectionEndpoint,
  ExternalCoverage,
  ExternalEndpoint,
  NamespacePods,
  PodClass,
  PodReference,
  PolicyReference,
} from './types';
