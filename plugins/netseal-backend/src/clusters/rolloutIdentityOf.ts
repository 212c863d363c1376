import * as k8s from '@kubernetes/client-node';
import type { ClusterDetails } from '@netseal/backstage-plugin-netseal-node';
import { createKubeConfig } from './createKubeConfig';
import { requestRaw } from './requestRaw';

/** Where a cluster's rollout credential comes from, in words, without the credential. */
function credentialOf(details: ClusterDetails): string | undefined {
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

/**
 * How the audit record and the portal name a cluster's rollout identity: the username
 * the cluster authenticates it as (`kubectl auth whoami`, a SelfSubjectReview, GA since
 * Kubernetes 1.28) with where its credential comes from, or only the latter when the
 * cluster cannot say. Undefined when the cluster has no rollout identity, and rollouts to
 * it are refused.
 */
export async function rolloutIdentityOf(
  details: ClusterDetails,
): Promise<string | undefined> {
  const credential = credentialOf(details);
  if (!credential) return undefined;
  const username = await rolloutUsername(details).catch(() => undefined);
  return username ? `${username} (${credential})` : credential;
}

/**
 * The username the cluster authenticates the rollout identity as (a SelfSubjectReview,
 * `kubectl auth whoami`); undefined without a rollout identity. Throws when the cluster
 * cannot say (older than 1.28, unreachable, or the review forbidden).
 */
export async function rolloutUsername(
  details: ClusterDetails,
): Promise<string | undefined> {
  if (!details.rolloutAuth) return undefined;
  const review = await requestRaw(
    createKubeConfig(details, details.rolloutAuth),
    configuration =>
      new k8s.AuthenticationV1Api(configuration).createSelfSubjectReview({
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'SelfSubjectReview',
        },
      }),
    {
      signal: new AbortController().signal,
      timeoutMs: 10_000,
      onRequest: () => {},
    },
  );
  const username = (
    review.status as { userInfo?: { username?: unknown } } | undefined
  )?.userInfo?.username;
  if (typeof username !== 'string' || !username) {
    throw new Error(
      `cluster ${details.name} answered the SelfSubjectReview without a username`,
    );
  }
  return username;
}
