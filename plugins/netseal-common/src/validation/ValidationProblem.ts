/**
 * One reason a manifest would be rejected. `path` names the field the way Kubernetes
 * does, e.g. `spec.ingress[0].from[1].ipBlock.except[0]`, or `metadata.labels["app"]`
 * for a map entry; it is `''` for the manifest as a whole.
 *
 * @public
 */
export interface ValidationProblem {
  path: string;
  message: string;
}
