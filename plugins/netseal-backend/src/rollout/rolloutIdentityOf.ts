import * as k8s from '@kubernetes/client-node';
import type { ClusterDetails } from '@netseal/backstage-plugin-netseal-node';

/**
 * How the audit record and the portal name a cluster's rollout identity, without its
 * credential: the kubeconfig user of its context, or where its token comes from.
 * Undefined when the cluster has none, and rollouts to it are refused.
 */
export function rolloutIdentityOf(details: ClusterDetails): string | undefined {
  const auth = details.rolloutAuth;
  if (!auth) return undefined;
  switch (auth.kind) {
    case 'kubeconfig': {
      try {
        const source = new k8s.KubeConfig();
        source.loadFromString(auth.kubeconfig);
        const context = source.getContextObject(
          auth.context ?? source.getCurrentContext(),
        );
        if (context?.user) return `kubeconfig user ${context.user}`;
      } catch {
        // The executor reports a broken kubeconfig on its first request.
      }
      return `kubeconfig context ${auth.context ?? '(current)'}`;
    }
    case 'inCluster':
      return "the backend pod's service account";
    default:
      return `the token of netseal.clusters[${details.name}].rollout`;
  }
}
