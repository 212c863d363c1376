import type { NetworkPolicy } from '../types';
import { changeOverriddenBy } from './changeOverriddenBy';
import { ClassAccess } from './ClassAccess';
import { describeAccessChange } from './describeAccessChange';
import { evaluateConnection } from './evaluateConnection';
import {
  CellGroup,
  ChangedCell,
  externalParty,
  groupChangedCells,
  podParty,
} from './groupAccessChanges';
import { formatIpAddress } from './ipAddress';
import type { PodClassPartition } from './PodClassPartition';
import { ReachabilityModel, toReachabilityModel } from './ReachabilityModel';
import {
  ResolvedAccessOptions,
  resolveAccessOptions,
} from './resolveAccessOptions';
import type {
  AccessChange,
  AccessDiff,
  AccessDiffOptions,
  ClusterSnapshot,
  ConnectionVerdict,
  ConnectionEndpoint,
  ExternalCoverage,
  PolicyReference,
} from './types';

const RANK: Record<ExternalCoverage, number> = { none: 0, partial: 1, all: 2 };
const asCoverage = (allowed: boolean): ExternalCoverage =>
  allowed ? 'all' : 'none';

/** The policies that decided a verdict: what allowed it, or what isolated it when denied. */
function decidingPolicies(verdict: ConnectionVerdict): PolicyReference[] {
  const sides = [verdict.egress, verdict.ingress];
  const found = verdict.allowed
    ? sides.flatMap(side => (side.outcome === 'allowed' ? side.allowedBy : []))
    : sides.flatMap(side => (side.outcome === 'denied' ? side.isolatedBy : []));
  const seen = new Set<string>();
  return found.filter(policy => {
    const key = `${policy.namespace}/${policy.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function decidedBy(
  before: ReachabilityModel,
  after: ReachabilityModel,
  from: ConnectionEndpoint,
  to: ConnectionEndpoint,
  options: ResolvedAccessOptions,
): AccessChange['decidedBy'] {
  const probe = {
    from,
    to,
    port: options.port,
    protocol: options.protocol,
    ipFamily: options.ipFamily,
  };
  return {
    before: decidingPolicies(evaluateConnection(before, probe)),
    after: decidingPolicies(evaluateConnection(after, probe)),
  };
}

type CellKind = 'pod-to-pod' | 'pod-to-external' | 'external-to-pod';

function toChange(
  kind: CellKind,
  group: CellGroup,
  partition: PodClassPartition,
  before: ReachabilityModel,
  after: ReachabilityModel,
  options: ResolvedAccessOptions,
): AccessChange {
  const externals = options.externalEndpoints;
  const classSize = (id: number) => partition.classes[id].podIndexes.length;
  const firstPod = (id: number): ConnectionEndpoint => ({
    pod: partition.cluster.pods[partition.classes[id].podIndexes[0]].reference,
  });
  // An outside endpoint is represented by its first address, which stands for every
  // address of the endpoint only when the whole endpoint changed alike.
  const representative = (index: number): ConnectionEndpoint => ({
    ip: formatIpAddress({
      family: externals[index].range.family,
      value: externals[index].range.first,
    }),
  });
  const podsIn = (ids: readonly number[]) =>
    ids.reduce((sum, id) => sum + classSize(id), 0);
  const sourceCount =
    kind === 'external-to-pod' ? group.sources.length : podsIn(group.sources);
  const destinationCount =
    kind === 'pod-to-external'
      ? group.destinations.length
      : podsIn(group.destinations);

  const change: AccessChange = {
    change: RANK[group.after] > RANK[group.before] ? 'opened' : 'closed',
    from:
      kind === 'external-to-pod'
        ? externalParty(externals, group.sources)
        : podParty(partition, group.sources),
    to:
      kind === 'pod-to-external'
        ? externalParty(externals, group.destinations)
        : podParty(partition, group.destinations),
    protocol: options.protocol,
    port: options.port,
    flows: sourceCount * destinationCount,
  };
  if (kind !== 'pod-to-pod')
    change.coverage = { before: group.before, after: group.after };
  const partial = group.before === 'partial' || group.after === 'partial';
  if (!partial) {
    const from =
      kind === 'external-to-pod'
        ? representative(group.sources[0])
        : firstPod(group.sources[0]);
    const to =
      kind === 'pod-to-external'
        ? representative(group.destinations[0])
        : firstPod(group.destinations[0]);
    change.decidedBy = decidedBy(before, after, from, to, options);
  }
  return change;
}

/**
 * Which flows a new policy set opens and which it closes, on one port and protocol, for
 * the same namespaces and pods. Flows are grouped into {@link AccessChange}s that a person
 * can read: sets of pods (whole namespaces where possible) on each side, never a list of
 * pod pairs.
 *
 * `after` is the complete new policy set (or a model derived with `withPolicies`).
 * @public
 */
export function diffAccess(
  before: ReachabilityModel | ClusterSnapshot,
  after: NetworkPolicy[] | ReachabilityModel,
  options: AccessDiffOptions,
): AccessDiff {
  const beforeModel = toReachabilityModel(before);
  const afterModel = Array.isArray(after)
    ? beforeModel.withPolicies(after)
    : after;
  const resolved = resolveAccessOptions(beforeModel, options);
  const partition = beforeModel.jointPartition(afterModel);
  const old = new ClassAccess(partition, beforeModel.policies, resolved);
  const next = new ClassAccess(partition, afterModel.policies, resolved);
  const size = partition.size;
  const externals = resolved.externalEndpoints;

  const podCells: ChangedCell[] = [];
  for (let source = 0; source < size; source++) {
    for (let destination = 0; destination < size; destination++) {
      const was = old.allows(source, destination);
      if (was !== next.allows(source, destination)) {
        podCells.push({
          source,
          destination,
          before: asCoverage(was),
          after: asCoverage(!was),
        });
      }
    }
  }
  const egressCells: ChangedCell[] = [];
  const ingressCells: ChangedCell[] = [];
  externals.forEach((external, index) => {
    for (let id = 0; id < size; id++) {
      const egressBefore = old.podToExternal(id, external.range);
      const egressAfter = next.podToExternal(id, external.range);
      if (egressBefore !== egressAfter) {
        egressCells.push({
          source: id,
          destination: index,
          before: egressBefore,
          after: egressAfter,
        });
      }
      const ingressBefore = old.externalToPod(external.range, id);
      const ingressAfter = next.externalToPod(external.range, id);
      if (ingressBefore !== ingressAfter) {
        ingressCells.push({
          source: index,
          destination: id,
          before: ingressBefore,
          after: ingressAfter,
        });
      }
    }
  });

  const changes = [
    ...groupChangedCells(podCells).map(group =>
      toChange(
        'pod-to-pod',
        group,
        partition,
        beforeModel,
        afterModel,
        resolved,
      ),
    ),
    ...groupChangedCells(egressCells).map(group =>
      toChange(
        'pod-to-external',
        group,
        partition,
        beforeModel,
        afterModel,
        resolved,
      ),
    ),
    ...groupChangedCells(ingressCells).map(group =>
      toChange(
        'external-to-pod',
        group,
        partition,
        beforeModel,
        afterModel,
        resolved,
      ),
    ),
  ]
    .map(change => ({ change, text: describeAccessChange(change) }))
    .sort((a, b) => {
      if (a.change.change !== b.change.change)
        return a.change.change === 'opened' ? -1 : 1;
      return b.change.flows - a.change.flows || a.text.localeCompare(b.text);
    })
    .map(({ change }) => change);
  for (const change of changes) {
    const overriddenBy = changeOverriddenBy(change, beforeModel, afterModel);
    if (overriddenBy.length > 0) change.mayBeOverriddenBy = overriddenBy;
  }

  const total = (kind: AccessChange['change']) =>
    changes
      .filter(change => change.change === kind)
      .reduce((sum, change) => sum + change.flows, 0);
  return {
    protocol: resolved.protocol,
    port: resolved.port,
    ipFamily: resolved.ipFamily,
    changes,
    openedFlows: total('opened'),
    closedFlows: total('closed'),
  };
}
