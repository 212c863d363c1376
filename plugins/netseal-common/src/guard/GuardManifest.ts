/**
 * One Kubernetes object of the admission guard, as plain JSON ready for `kubectl apply` or
 * a Kubernetes client.
 *
 * @public
 */
export interface GuardManifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels: Record<string, string>;
  };
  [field: string]: unknown;
}
