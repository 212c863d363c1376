import { formatLabelSelector } from './formatLabelSelector';
import type { Labels } from './labelSelector';
import { listInWords } from './listInWords';
import type {
  AccessChange,
  AccessDiff,
  AccessParty,
  ConnectionVerdict,
  DirectionVerdict,
  NamespacePods,
  PolicyReference,
} from './types';

function formatLabels(labels: Labels): string {
  return formatLabelSelector({ matchLabels: labels });
}

function describeNamespacePods(
  entry: NamespacePods,
  siblingKeys: readonly string[],
): string {
  if (entry.selectedBy)
    return `pods ${formatLabelSelector(entry.selectedBy)} in namespace ${
      entry.namespace
    }`;
  if (entry.exceptSelectedBy) {
    return `pods in namespace ${
      entry.namespace
    } other than ${formatLabelSelector(entry.exceptSelectedBy)}`;
  }
  const sets = entry.labelSets.map(labels =>
    Object.keys(labels).length > 0
      ? `{${formatLabels(labels)}}`
      : `{without ${siblingKeys.join(', ') || 'labels'}}`,
  );
  return `pods ${sets.join(' or ')} in namespace ${entry.namespace}`;
}

/** "pods app=web in namespace shop", "all pods in namespaces x and y", "every pod". */
export function describeAccessParty(party: AccessParty): string {
  if (party.kind === 'external') {
    return listInWords(
      party.endpoints.map(endpoint =>
        // The CLI names an endpoint given as a bare CIDR after the CIDR itself.
        endpoint.name === endpoint.cidr
          ? endpoint.cidr
          : `${endpoint.name} (${endpoint.cidr})`,
      ),
    );
  }
  if (party.everyPod) return 'every pod';
  const whole = party.namespaces
    .filter(entry => entry.allPods)
    .map(entry => entry.namespace);
  const parts: string[] = [];
  if (whole.length > 0) {
    parts.push(
      `all pods in namespace${whole.length > 1 ? 's' : ''} ${listInWords(
        whole,
      )}`,
    );
  }
  for (const entry of party.namespaces.filter(
    candidate => !candidate.allPods,
  )) {
    const keys = [
      ...new Set(entry.labelSets.flatMap(labels => Object.keys(labels))),
    ].sort();
    parts.push(describeNamespacePods(entry, keys));
  }
  return listInWords(parts);
}

function describePolicies(policies: readonly PolicyReference[]): string {
  return listInWords(
    policies.map(policy => `${policy.namespace}/${policy.name}`),
  );
}

const COVERAGE_WORDS = {
  all: 'all of it',
  partial: 'part of it',
  none: 'none of it',
};

/**
 * One plain-language line for a change, for pull requests and the CLI, e.g.
 * "Opens: pods app=web in namespace shop → pods app=db in namespace data on TCP 5432
 * (6 flows; allowed by data/allow-web)."
 * @public
 */
export function describeAccessChange(change: AccessChange): string {
  const verb = change.change === 'opened' ? 'Opens' : 'Closes';
  const details: string[] = [
    `${change.flows} flow${change.flows === 1 ? '' : 's'}`,
  ];
  if (
    change.coverage &&
    (change.coverage.before === 'partial' ||
      change.coverage.after === 'partial')
  ) {
    details.push(
      `of the outside addresses, ${
        COVERAGE_WORDS[change.coverage.before]
      } was reachable and ${COVERAGE_WORDS[change.coverage.after]} is`,
    );
  }
  if (change.decidedBy) {
    const { before, after } = change.decidedBy;
    if (change.change === 'opened') {
      details.push(
        after.length > 0
          ? `allowed by ${describePolicies(after)}`
          : 'no policy isolates it any more',
      );
      if (before.length > 0)
        details.push(`was isolated by ${describePolicies(before)}`);
    } else {
      details.push(
        after.length > 0
          ? `isolated by ${describePolicies(after)}`
          : 'nothing allows it any more',
      );
      if (before.length > 0)
        details.push(`was allowed by ${describePolicies(before)}`);
    }
  }
  if (change.mayBeOverriddenBy) {
    details.push(
      `unknown whether it takes effect: ${listInWords(
        change.mayBeOverriddenBy,
      )} may override the NetworkPolicies`,
    );
  }
  return `${verb}: ${describeAccessParty(change.from)} → ${describeAccessParty(
    change.to,
  )} on ${change.protocol} ${change.port} (${details.join('; ')}).`;
}

/**
 * A short report of a diff: a headline and one line per change.
 * @public
 */
export function summarizeAccessDiff(diff: AccessDiff): string {
  const port = `${diff.protocol} ${diff.port}`;
  if (diff.changes.length === 0)
    return `${port}: no access path opens or closes.`;
  const headline = `${port}: ${diff.openedFlows} flow${
    diff.openedFlows === 1 ? '' : 's'
  } open, ${diff.closedFlows} close.`;
  return [
    headline,
    ...diff.changes.map(change => `- ${describeAccessChange(change)}`),
  ].join('\n');
}

function describeSide(
  side: DirectionVerdict,
  direction: 'egress' | 'ingress',
): string {
  const end = direction === 'egress' ? 'source' : 'destination';
  if (side.outcome === 'outside-cluster')
    return `the ${end} is outside the cluster`;
  if (side.outcome === 'not-isolated')
    return `no policy isolates the ${end} for ${direction}`;
  if (side.outcome === 'own-node')
    return `the source is node ${side.node}, where the destination runs, which a pod cannot block`;
  if (side.outcome === 'allowed')
    return `${direction} allowed by ${describePolicies(side.allowedBy)}`;
  const verb = side.isolatedBy.length === 1 ? 'isolates' : 'isolate';
  return `${direction} denied: ${describePolicies(
    side.isolatedBy,
  )} ${verb} the ${end} and no rule allows it`;
}

/**
 * One plain-language line for a verdict, e.g. "Denied on TCP 80: no policy isolates the
 * source for egress; ingress denied: x/deny-all isolates the destination and no rule
 * allows it."
 * @public
 */
export function describeConnectionVerdict(verdict: ConnectionVerdict): string {
  const port = `${verdict.protocol} ${verdict.port}${
    verdict.portName ? ` (${verdict.portName})` : ''
  }`;
  const sides = `${describeSide(verdict.egress, 'egress')}; ${describeSide(
    verdict.ingress,
    'ingress',
  )}`;
  if (verdict.verdict === 'unknown') {
    return `Unknown on ${port}: ${listInWords(
      verdict.mayBeOverriddenBy ?? [],
    )} may override the NetworkPolicies, which ${
      verdict.allowed ? 'allow' : 'deny'
    } it; ${sides}.`;
  }
  return `${verdict.allowed ? 'Allowed' : 'Denied'} on ${port}: ${sides}.`;
}
