import type {
  CanonicalLabelSelector,
  CanonicalNetworkPolicyPeer,
} from '../canonical/CanonicalNetworkPolicy';
import { formatLabelSelector } from '../reachability/formatLabelSelector';
import { listInWords } from '../reachability/listInWords';
import type { ReachabilityPeer } from './ServiceReachability';

// Every namespace carries it (since Kubernetes 1.21); selecting on it names namespaces.
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

function isEmpty(selector: CanonicalLabelSelector): boolean {
  return (
    Object.keys(selector.matchLabels).length === 0 &&
    selector.matchExpressions.length === 0
  );
}

/** "pods app=web" or, for the empty selector, "every pod". */
function podsInWords(podSelector: CanonicalLabelSelector | undefined): string {
  return !podSelector || isEmpty(podSelector)
    ? 'every pod'
    : `pods ${formatLabelSelector(podSelector)}`;
}

/** The namespaces a namespaceSelector picks: by name when it only reads the name label. */
function namespacesInWords(selector: CanonicalLabelSelector): string {
  if (isEmpty(selector)) return 'in every namespace';
  const labelKeys = Object.keys(selector.matchLabels);
  const [expression, ...otherExpressions] = selector.matchExpressions;
  if (
    labelKeys.length === 1 &&
    labelKeys[0] === NAMESPACE_NAME_LABEL &&
    !expression
  ) {
    return `in namespace ${selector.matchLabels[NAMESPACE_NAME_LABEL]}`;
  }
  if (
    labelKeys.length === 0 &&
    expression !== undefined &&
    otherExpressions.length === 0 &&
    expression.key === NAMESPACE_NAME_LABEL &&
    expression.operator === 'In' &&
    expression.values.length > 0
  ) {
    return expression.values.length === 1
      ? `in namespace ${expression.values[0]}`
      : `in namespaces ${listInWords(expression.values)}`;
  }
  return `in namespaces ${formatLabelSelector(selector)}`;
}

function namespaceInWords(namespace: string): string {
  return namespace === ''
    ? "in the policy's namespace"
    : `in namespace ${namespace}`;
}

/**
 * The pods a policy applies to: its podSelector, always within its own namespace.
 * "pods app=payments in namespace shop", "every pod in namespace shop".
 */
export function selectedPodsInWords(
  podSelector: CanonicalLabelSelector,
  namespace: string,
): string {
  return `${podsInWords(podSelector)} ${namespaceInWords(namespace)}`;
}

/** The peer of an empty `from`/`to`: every pod and every address. */
export const ANYWHERE: ReachabilityPeer = {
  kind: 'anywhere',
  label: 'anywhere',
};

/**
 * One peer of a rule (NetworkPolicyPeer). Its podSelector and namespaceSelector are
 * ANDed: a podSelector alone means pods of the policy's own namespace, a
 * namespaceSelector alone every pod of the namespaces it selects, `{}` every namespace.
 */
export function peerInWords(
  peer: CanonicalNetworkPolicyPeer,
  policyNamespace: string,
): ReachabilityPeer {
  const hasSelector =
    peer.podSelector !== undefined || peer.namespaceSelector !== undefined;
  if (peer.ipBlock) {
    const { cidr, except } = peer.ipBlock;
    const label =
      except.length > 0 ? `${cidr} except ${listInWords(except)}` : cidr;
    return {
      kind: 'cidr',
      label: hasSelector
        ? `${label} (with a selector too, which the API server refuses)`
        : label,
    };
  }
  if (!hasSelector) {
    return {
      kind: 'pods',
      label: 'no peer (an empty peer, which the API server refuses)',
    };
  }
  const namespaces = peer.namespaceSelector
    ? namespacesInWords(peer.namespaceSelector)
    : namespaceInWords(policyNamespace);
  return {
    kind: 'pods',
    label: `${podsInWords(peer.podSelector)} ${namespaces}`,
  };
}
