import type { ServicePods } from '../drift/servicePodsFromAnnotations';
import { formatLabelSelector } from '../reachability/formatLabelSelector';

/**
 * A service's pods in words, for {@link describeServiceReachability}'s `pods`: "pods
 * backstage.io/kubernetes-id=payments", "pods app=payments,tier in (api, web) in namespace
 * shop". Takes what servicePodsFromAnnotations reads from the entity.
 *
 * @public
 */
export function describeServicePods(pods: ServicePods): string {
  const selector = formatLabelSelector(pods.selector);
  const who = selector === '' ? 'every pod' : `pods ${selector}`;
  return pods.namespace === undefined
    ? who
    : `${who} in namespace ${pods.namespace}`;
}
