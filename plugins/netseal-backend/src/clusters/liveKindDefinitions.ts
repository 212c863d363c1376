import * as k8s from '@kubernetes/client-node';
import {
  CachedObject,
  JsonObject,
  slimNamespace,
  slimNetworkPolicy,
  slimPod,
} from './liveObjects';
import { LiveKind } from './LiveView';

/** How one collection of objects is listed and then watched, as one stream. */
export interface WatchedKindDefinition {
  /** The kind, in log messages. */
  kind: string;
  /** The collection, listed once and then watched as one stream. */
  path: string;
  list(configuration: k8s.Configuration): Promise<unknown>;
  slim(raw: JsonObject): CachedObject;
}

/** How one kind of the live view is listed and watched, cluster-wide. */
export interface LiveKindDefinition extends WatchedKindDefinition {
  kind: LiveKind;
}

export const liveKindDefinitions: Record<LiveKind, LiveKindDefinition> = {
  NetworkPolicy: {
    kind: 'NetworkPolicy',
    path: '/apis/networking.k8s.io/v1/networkpolicies',
    list: configuration =>
      new k8s.NetworkingV1Api(
        configuration,
      ).listNetworkPolicyForAllNamespaces(),
    slim: slimNetworkPolicy,
  },
  Pod: {
    kind: 'Pod',
    path: '/api/v1/pods',
    list: configuration =>
      new k8s.CoreV1Api(configuration).listPodForAllNamespaces(),
    slim: slimPod,
  },
  Namespace: {
    kind: 'Namespace',
    path: '/api/v1/namespaces',
    list: configuration => new k8s.CoreV1Api(configuration).listNamespace(),
    slim: slimNamespace,
  },
};
