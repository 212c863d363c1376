/**
 * How Netseal authenticates to a cluster's API server.
 *
 * - `token`: a bearer token, usually a ServiceAccount token.
 * - `kubeconfig`: a kubeconfig document (YAML) and optionally the context to use; its
 *   current context otherwise. The context's user supplies the credentials.
 * - `inCluster`: the ServiceAccount of the pod the backend runs in
 *   (`/var/run/secrets/kubernetes.io/serviceaccount`), as `kubectl` does inside a pod.
 *
 * @public
 */
export type ClusterAuth =
  | { kind: 'token'; token: string }
  | { kind: 'kubeconfig'; kubeconfig: string; context?: string }
  | { kind: 'inCluster' };

/**
 * One cluster Netseal watches: where its API server is and who Netseal is there.
 *
 * @public
 */
export interface ClusterDetails {
  /** Unique name of the cluster, as policy sources and the portal refer to it. */
  name: string;
  /**
   * Base URL of the cluster's API server, e.g. `https://10.0.0.1:6443`. For `kubeconfig`
   * and `inCluster` auth it overrides the server those name.
   */
  url: string;
  /**
   * The read-only identity: Netseal lists and watches NetworkPolicies, pods and
   * namespaces with it and never writes.
   */
  auth: ClusterAuth;
  /**
   * The identity rollouts use to delete and create sealed policies. Left out, rollouts
   * to this cluster are refused. Its server and CA are this cluster's.
   */
  rolloutAuth?: ClusterAuth;
  /** Base64 of the PEM CA bundle that signed the API server's certificate. */
  caData?: string;
  /** Accept any server certificate. Only for test clusters: it allows interception. */
  skipTLSVerify?: boolean;
}
