import type { DriftStore } from '../database/DriftStore';
import type { GuardHistoryStore } from '../database/GuardHistoryStore';
import type { ProvenanceStore } from '../database/ProvenanceStore';
import type { RestoreStore } from '../database/RestoreStore';
import type { RolloutStore } from '../database/RolloutStore';
import {
  buildComplianceReport,
  ComplianceReport,
  RestoreEnding,
} from './buildComplianceReport';

const PAGE = 1000;

/**
 * Gathers the stored facts of a window (verdicts, transitions, provenance, restores and
 * the guard's history) and builds the compliance report from them.
 */
export class ComplianceService {
  constructor(
    private readonly options: {
      driftStore: Pick<DriftStore, 'listPolicies' | 'listTransitionsBefore'>;
      provenanceStore: Pick<ProvenanceStore, 'list'>;
      guardHistoryStore: Pick<GuardHistoryStore, 'listForWindow'>;
      restoreStore: Pick<RestoreStore, 'listOfPolicy'>;
      rolloutStore: Pick<RolloutStore, 'get'>;
      clusterNames: () => string[];
      /** Why nothing is signed, when no key is configured. */
      unsignedReason?: string;
    },
  ) {}

  async report(window: {
    from: Date;
    to: Date;
    cluster?: string;
  }): Promise<ComplianceReport> {
    const { driftStore } = this.options;
    const policies = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await driftStore.listPolicies({
        ...(window.cluster ? { cluster: window.cluster } : {}),
        orderBy: 'cluster',
        limit: PAGE,
        offset,
      });
      policies.push(...page.items);
      if (page.items.length < PAGE) break;
    }
    const [transitions, provenance, guardHistory] = await Promise.all([
      driftStore.listTransitionsBefore({
        to: window.to,
        ...(window.cluster ? { cluster: window.cluster } : {}),
      }),
      this.options.provenanceStore.list(
        window.cluster ? { cluster: window.cluster } : {},
      ),
      this.options.guardHistoryStore.listForWindow(window),
    ]);
    const restores = await this.#restoresOf(
      transitions.filter(t => t.to === 'drifted' || t.to === 'missing'),
    );
    const clusters = this.options
      .clusterNames()
      .filter(name => !window.cluster || name === window.cluster);
    return buildComplianceReport({
      from: window.from,
      to: window.to,
      clusters,
      policies,
      transitions,
      provenance,
      restores,
      guardHistory,
      attestations: this.options.unsignedReason
        ? { signed: false, reason: this.options.unsignedReason }
        : { signed: true },
    });
  }

  /** The completed restores of the policies that drifted, with when they completed. */
  async #restoresOf(
    drifts: readonly {
      entityRef: string;
      cluster: string;
      namespace: string;
      name: string;
    }[],
  ): Promise<RestoreEnding[]> {
    const seen = new Set<string>();
    const endings: RestoreEnding[] = [];
    for (const drift of drifts) {
      const key = `${drift.entityRef} ${drift.cluster}/${drift.namespace}/${drift.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const restores = await this.options.restoreStore.listOfPolicy(drift, {
        limit: 100,
      });
      for (const restore of restores) {
        const rollout = await this.options.rolloutStore.get(restore.id);
        if (rollout?.status !== 'completed') continue;
        endings.push({
          cluster: restore.cluster,
          namespace: restore.namespace,
          name: restore.name,
          selfHeal: restore.selfHeal,
          completedAt: rollout.endedAt ?? rollout.startedAt,
        });
      }
    }
    return endings;
  }
}
