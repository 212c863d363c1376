import type {
  DriftAttribution,
  DriftStatus,
  DriftStatusTransition,
  PolicyDriftRecord,
  PolicyProvenance,
} from '@netseal/backstage-plugin-netseal-common';
import type { GuardStatusChange } from '../database/GuardHistoryStore';

/** How a drift incident ended. */
export type IncidentEnding =
  | 'restored'
  | 'self-healed'
  | 'replaced'
  | 'reverted'
  | 'open';

/** One time a sealed policy was out of its seal (drifted or missing). */
export interface DriftIncident {
  cluster: string;
  namespace: string;
  name: string;
  entityRef: string;
  status: 'drifted' | 'missing';
  start: Date;
  end?: Date;
  attribution?: DriftAttribution;
  endedBy: IncidentEnding;
}

/** A restore of one policy, as the report needs it. */
export interface RestoreEnding {
  cluster: string;
  namespace: string;
  name: string;
  selfHeal: boolean;
  completedAt: Date;
}

export interface ComplianceReportInput {
  from: Date;
  to: Date;
  clusters: readonly string[];
  /** Current verdicts of sealed policies (one per cluster, namespace and name). */
  policies: readonly PolicyDriftRecord[];
  /** Every transition before `to`, oldest first. */
  transitions: readonly DriftStatusTransition[];
  provenance: readonly PolicyProvenance[];
  restores: readonly RestoreEnding[];
  guardHistory: readonly GuardStatusChange[];
  /** Whether attestations are signed; without a key, the reason. */
  attestations: { signed: boolean; reason?: string };
}

const OUT_OF_SEAL: readonly DriftStatus[] = ['drifted', 'missing'];
const keyOf = (p: { cluster: string; namespace: string; name: string }) =>
  `${p.cluster}/${p.namespace}/${p.name}`;
const seconds = (ms: number) => Math.round(ms / 1000);

/**
 * The compliance report of a window, from stored facts only (pure): per cluster and
 * sealed policy its seal, since when it is in sync without a break, its provenance and
 * every drift incident overlapping the window; per cluster the share of the window its
 * guard was protecting; and the totals.
 *
 * - An incident starts when a policy becomes `drifted` or `missing` and ends when it is
 *   in sync again (or no longer tracked). It ended `restored` or `self-healed` when a
 *   restore of the policy completed within it, `replaced` when a merged request's rollout
 *   took it over (it went `pending`), `reverted` when it came back to its seal without
 *   Netseal, and is `open` while it lasts.
 * - A policy is in sync for the whole window when it was `in-sync` when the window began
 *   and no transition inside the window took it out.
 * - The guard's share counts the time its status was `protected`; before the first
 *   recorded status of a cluster, nothing is known and nothing is counted.
 */
export function buildComplianceReport(input: ComplianceReportInput) {
  const { from, to } = input;
  const windowMs = to.getTime() - from.getTime();
  const sealed = input.policies
    .filter(p => p.seal !== undefined)
    .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
  const provenanceByKey = new Map(input.provenance.map(p => [keyOf(p), p]));
  const transitionsByKey = new Map<string, DriftStatusTransition[]>();
  for (const transition of input.transitions) {
    const list = transitionsByKey.get(keyOf(transition)) ?? [];
    list.push(transition);
    transitionsByKey.set(keyOf(transition), list);
  }

  const incidents: DriftIncident[] = [];
  const policies = sealed.map(policy => {
    const history = transitionsByKey.get(keyOf(policy)) ?? [];
    const own = history.filter(t => t.entityRef === policy.entityRef);
    const policyIncidents = incidentsOf(policy, own, input.restores).filter(
      incident =>
        incident.start < to &&
        (incident.end === undefined || incident.end > from),
    );
    incidents.push(...policyIncidents);
    const atStart = [...own]
      .reverse()
      .find(t => new Date(t.occurredAt) <= from)?.to;
    const inSyncWholeWindow =
      atStart === 'in-sync' &&
      !own.some(t => {
        const at = new Date(t.occurredAt);
        return at > from && at < to && t.to !== 'in-sync';
      });
    const provenance = provenanceByKey.get(keyOf(policy));
    return {
      cluster: policy.cluster,
      namespace: policy.namespace,
      name: policy.name,
      entityRef: policy.entityRef,
      seal: policy.seal!,
      status: policy.status,
      ...(policy.status === 'in-sync'
        ? { inSyncSince: policy.statusChangedAt }
        : {}),
      inSyncWholeWindow,
      ...(provenance && provenance.seal === policy.seal ? { provenance } : {}),
      ...(provenance &&
      provenance.seal === policy.seal &&
      input.attestations.signed
        ? { attestationId: provenance.id }
        : {}),
      drifts: policyIncidents.length,
    };
  });

  const clusters = input.clusters.map(cluster => ({
    cluster,
    guardProtectedShare: guardShare(
      input.guardHistory.filter(change => change.cluster === cluster),
      from,
      to,
    ),
  }));

  const ended = incidents.filter(
    incident => incident.end !== undefined && incident.endedBy !== 'open',
  );
  const durations = ended.map(i => i.end!.getTime() - i.start.getTime());
  const live = policies.filter(p => p.status !== 'missing');
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    attestations: input.attestations,
    clusters,
    policies,
    incidents: incidents
      .sort((a, b) => a.start.getTime() - b.start.getTime())
      .map(incident => ({
        cluster: incident.cluster,
        namespace: incident.namespace,
        name: incident.name,
        entityRef: incident.entityRef,
        status: incident.status,
        start: incident.start.toISOString(),
        ...(incident.end
          ? {
              end: incident.end.toISOString(),
              durationSeconds: seconds(
                incident.end.getTime() - incident.start.getTime(),
              ),
            }
          : {}),
        ...(incident.attribution ? { attribution: incident.attribution } : {}),
        endedBy: incident.endedBy,
      })),
    totals: {
      policies: policies.length,
      inSyncWholeWindowShare:
        policies.length === 0
          ? 1
          : policies.filter(p => p.inSyncWholeWindow).length / policies.length,
      drifts: incidents.length,
      ...(durations.length > 0
        ? {
            meanTimeToRestoreSeconds: seconds(
              durations.reduce((sum, d) => sum + d, 0) / durations.length,
            ),
            worstTimeToRestoreSeconds: seconds(Math.max(...durations)),
          }
        : {}),
      withoutProvenance: live.filter(p => !p.provenance).length,
      windowSeconds: seconds(windowMs),
    },
  };
}

export type ComplianceReport = ReturnType<typeof buildComplianceReport>;

function incidentsOf(
  policy: PolicyDriftRecord,
  transitions: readonly DriftStatusTransition[],
  restores: readonly RestoreEnding[],
): DriftIncident[] {
  const incidents: DriftIncident[] = [];
  let open: DriftIncident | undefined;
  let wentPending = false;
  for (const transition of transitions) {
    const at = new Date(transition.occurredAt);
    if (!open && transition.to && OUT_OF_SEAL.includes(transition.to)) {
      open = {
        cluster: policy.cluster,
        namespace: policy.namespace,
        name: policy.name,
        entityRef: policy.entityRef,
        status: transition.to as 'drifted' | 'missing',
        start: at,
        ...(transition.attribution
          ? { attribution: transition.attribution }
          : {}),
        endedBy: 'open',
      };
      wentPending = false;
      continue;
    }
    if (!open) continue;
    if (transition.to === 'pending') wentPending = true;
    if (transition.to === 'in-sync' || transition.to === undefined) {
      const start = open.start;
      const restore = restores.find(
        r =>
          keyOf(r) === keyOf(policy) &&
          r.completedAt >= start &&
          r.completedAt <= at,
      );
      let endedBy: IncidentEnding = 'reverted';
      if (restore) endedBy = restore.selfHeal ? 'self-healed' : 'restored';
      else if (wentPending) endedBy = 'replaced';
      incidents.push({ ...open, end: at, endedBy });
      open = undefined;
    }
  }
  if (open) incidents.push(open);
  return incidents;
}

function guardShare(
  changes: readonly GuardStatusChange[],
  from: Date,
  to: Date,
): number {
  const windowMs = to.getTime() - from.getTime();
  if (windowMs <= 0) return 0;
  let protectedMs = 0;
  changes.forEach((change, index) => {
    const start = Math.max(change.observedAt.getTime(), from.getTime());
    const next = changes[index + 1]?.observedAt.getTime() ?? to.getTime();
    const end = Math.min(next, to.getTime());
    if (change.status === 'protected' && end > start)
      protectedMs += end - start;
  });
  return protectedMs / windowMs;
}
