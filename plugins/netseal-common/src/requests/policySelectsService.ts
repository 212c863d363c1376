import type { ServicePods } from '../drift/servicePodsFromAnnotations';
import { compileLabelSelector } from '../reachability/labelSelector';
import type { ClusterPod } from '../reachability/types';
import type { LabelSelector, NetworkPolicy } from '../types';

/**
 * The policy's pod selector, narrowed to the label keys the service's selector pins with
 * matchLabels: requirements on other keys could hold for some pod of the service.
 */
function onServiceKeys(
  podSelector: LabelSelector,
  serviceLabels: Readonly<Record<string, string>>,
): LabelSelector {
  const pinned = (key: string) => Object.hasOwn(serviceLabels, key);
  return {
    matchLabels: Object.fromEntries(
      Object.entries(podSelector.matchLabels ?? {}).filter(([key]) =>
        pinned(key),
      ),
    ),
    matchExpressions: (podSelector.matchExpressions ?? []).filter(expression =>
      pinned(expression.key),
    ),
  };
}

/**
 * Whether a policy selects the service's own pods, so that a form can warn when a
 * request changes a policy that is not the service's.
 *
 * - The live pods decide when the policy's namespace holds pods of the service: true
 *   when the policy's pod selector selects at least one of them.
 * - Without such pods, the selectors decide: true unless the policy's pod selector
 *   contradicts a label the service's selector requires (or the service is pinned to
 *   another namespace).
 * - Without a service selector, or with one that cannot be read, true: there is no
 *   telling, and no false warning.
 *
 * @public
 */
export function policySelectsService(
  policy: NetworkPolicy,
  servicePods: ServicePods | undefined,
  livePods: readonly ClusterPod[],
): boolean {
  if (!servicePods) {
    return true;
  }
  const namespace = policy.metadata.namespace;
  if (
    servicePods.namespace !== undefined &&
    servicePods.namespace !== namespace
  ) {
    return false;
  }
  let serviceSelector;
  let policySelector;
  try {
    serviceSelector = compileLabelSelector(servicePods.selector, 'service');
    policySelector = compileLabelSelector(
      policy.spec.podSelector ?? {},
      'spec.podSelector',
    );
  } catch {
    return true;
  }
  const servicePodsHere = livePods.filter(
    pod =>
      pod.namespace === namespace && serviceSelector.matches(pod.labels ?? {}),
  );
  if (servicePodsHere.length > 0) {
    return servicePodsHere.some(pod =>
      policySelector.matches(pod.labels ?? {}),
    );
  }
  const serviceLabels = servicePods.selector.matchLabels ?? {};
  try {
    return compileLabelSelector(
      onServiceKeys(policy.spec.podSelector ?? {}, serviceLabels),
      'spec.podSelector',
    ).matches(serviceLabels);
  } catch {
    return true;
  }
}
