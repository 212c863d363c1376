import * as k8s from '@kubernetes/client-node';
import type {
  ClusterAuth,
  ClusterDetails,
} from '@netseal/backstage-plugin-netseal-node';

interface ClusterAndUser {
  cluster: k8s.Cluster;
  user: k8s.User;
}

function fromKubeconfig(
  kubeconfig: string,
  context: string | undefined,
  clusterName: string,
): ClusterAndUser {
  const source = new k8s.KubeConfig();
  source.loadFromString(kubeconfig);
  const contextName = context ?? source.getCurrentContext();
  const contextObject = source.getContextObject(contextName);
  if (!contextObject) {
    throw new Error(
      `cluster ${clusterName}: kubeconfig has no context '${contextName}'`,
    );
  }
  const cluster = source.getCluster(contextObject.cluster);
  const user = source.getUser(contextObject.user);
  if (!cluster || !user) {
    throw new Error(
      `cluster ${clusterName}: context '${contextName}' names a cluster or user the kubeconfig does not define`,
    );
  }
  return { cluster, user };
}

function fromPod(): ClusterAndUser {
  const source = new k8s.KubeConfig();
  source.loadFromCluster();
  const cluster = source.getCurrentCluster();
  const user = source.getCurrentUser();
  if (!cluster || !user) {
    throw new Error('in-cluster configuration yields no cluster or user');
  }
  return { cluster, user };
}

/** Where the cluster is: the read identity's source decides, the details override. */
function clusterOf(details: ClusterDetails): k8s.Cluster {
  let base: k8s.Cluster;
  switch (details.auth.kind) {
    case 'kubeconfig':
      base = fromKubeconfig(
        details.auth.kubeconfig,
        details.auth.context,
        details.name,
      ).cluster;
      break;
    case 'inCluster':
      base = fromPod().cluster;
      break;
    default:
      base = { name: details.name, server: details.url, skipTLSVerify: false };
  }
  const cluster: k8s.Cluster = {
    ...base,
    name: details.name,
    server: details.url,
    ...(details.skipTLSVerify !== undefined
      ? { skipTLSVerify: details.skipTLSVerify }
      : {}),
  };
  if (!details.caData) return cluster;
  const { caFile: _replaced, ...withoutCaFile } = cluster;
  return { ...withoutCaFile, caData: details.caData };
}

/** Who Netseal is there. */
function userOf(details: ClusterDetails, auth: ClusterAuth): k8s.User {
  switch (auth.kind) {
    case 'token':
      return { name: details.name, token: auth.token };
    case 'kubeconfig':
      return {
        ...fromKubeconfig(auth.kubeconfig, auth.context, details.name).user,
        name: details.name,
      };
    case 'inCluster':
      return { ...fromPod().user, name: details.name };
    default:
      // Only the kind: the rest may be a credential.
      throw new Error(
        `cluster ${details.name}: unknown auth kind '${String(
          (auth as { kind?: unknown }).kind,
        )}'; use token, kubeconfig or inCluster`,
      );
  }
}

/**
 * A client-node KubeConfig for one cluster and one of its identities: the read-only
 * `details.auth` by default, or the rollout identity. The server and CA always come from
 * the cluster's own details, so both identities talk to the same API server.
 */
export function createKubeConfig(
  details: ClusterDetails,
  auth: ClusterAuth = details.auth,
): k8s.KubeConfig {
  const kubeConfig = new k8s.KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [clusterOf(details)],
    users: [userOf(details, auth)],
    contexts: [
      { name: details.name, cluster: details.name, user: details.name },
    ],
    currentContext: details.name,
  });
  return kubeConfig;
}
