import { stringify } from 'yaml';

/** One user entry of a kubeconfig. */
export interface KubeconfigUser {
  name: string;
  token: string;
}

/**
 * A kubeconfig for this server as kubectl and @kubernetes/client-node read it: the cluster
 * with its CA, one user per token, one context per user.
 */
export function buildKubeconfig(options: {
  clusterName: string;
  server: string;
  caData?: string;
  users: KubeconfigUser[];
  currentUser: string;
  namespace?: string;
}): string {
  const contextName = (user: string) => `${options.clusterName}-${user}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: options.clusterName,
        cluster: {
          server: options.server,
          ...(options.caData
            ? { 'certificate-authority-data': options.caData }
            : {}),
        },
      },
    ],
    users: options.users.map(user => ({
      name: user.name,
      user: { token: user.token },
    })),
    contexts: options.users.map(user => ({
      name: contextName(user.name),
      context: {
        cluster: options.clusterName,
        user: user.name,
        ...(options.namespace ? { namespace: options.namespace } : {}),
      },
    })),
    'current-context': contextName(options.currentUser),
    preferences: {},
  });
}
