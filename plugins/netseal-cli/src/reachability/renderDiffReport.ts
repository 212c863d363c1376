import {
  AccessChange,
  AccessDiff,
  accessDiffAsWritten,
  analysedPortName,
  describeAccessChange,
  ExternalEndpoint,
  PortAnalysis,
  summarizeAccessDiff,
} from '@netseal/backstage-plugin-netseal-common';
import { pluralize } from '../report/pluralize';
import { CombinedPolicySets } from './combinePolicySets';

/** What `netseal diff` compares, named as the user named it. */
export interface DiffSubject {
  snapshot: string;
  old: string;
  new: string;
}

function portName(analysis: PortAnalysis): string {
  return analysedPortName(analysis.analysed);
}

function listed(count: number, what: string, names: readonly string[]) {
  return `${count} ${what}${names.length > 0 ? ` (${names.join(', ')})` : ''}`;
}

/** The human report: which policies change, then what opens and closes, port by port. */
export function renderDiffText(
  subject: DiffSubject,
  sets: CombinedPolicySets,
  analyses: readonly PortAnalysis[],
  externalEndpoints: readonly ExternalEndpoint[],
): string {
  const lines: string[] = [];
  const { added, removed, changed } = sets;
  lines.push(
    `Policies from ${subject.old} to ${subject.new}: ${listed(
      changed.length,
      'changed',
      changed,
    )}, ${listed(added.length, 'added', added)}, ${listed(
      removed.length,
      'removed',
      removed,
    )}; ${pluralize(
      sets.keptLive,
      'other live policy',
      'other live policies',
    )} of ${subject.snapshot} kept as ${
      sets.keptLive === 1 ? 'it is' : 'they are'
    }.`,
  );
  lines.push(
    `Analysed ${analyses.map(portName).join(', ')}${
      externalEndpoints.length > 0
        ? `, to and from ${externalEndpoints
            .map(endpoint => endpoint.name)
            .join(', ')} as well as every pod`
        : ''
    }.`,
  );
  const changedPorts = analyses.filter(
    analysis => analysis.diff.changes.length > 0,
  );
  for (const analysis of changedPorts) {
    lines.push('', summarizeAccessDiff(accessDiffAsWritten(analysis)));
  }
  const quiet = analyses.filter(analysis => analysis.diff.changes.length === 0);
  lines.push('');
  if (quiet.length > 0) {
    lines.push(
      `No access path opens or closes on ${
        changedPorts.length > 0 ? '' : 'any of '
      }${quiet.map(portName).join(', ')}.`,
    );
  }
  const opened = analyses.reduce((sum, a) => sum + a.diff.openedFlows, 0);
  const closed = analyses.reduce((sum, a) => sum + a.diff.closedFlows, 0);
  lines.push(
    `In all: ${pluralize(opened, 'flow')} open, ${pluralize(
      closed,
      'flow',
    )} close.`,
  );
  return `${lines.join('\n')}\n`;
}

/** `netseal diff --json`: an AccessChange with its description. */
type DescribedChange = AccessChange & { description: string };

/** The `--json` report of `netseal diff`. @public */
export interface DiffReportJson {
  policies: {
    added: string[];
    removed: string[];
    changed: string[];
    /** Live policies that neither OLD nor NEW holds, part of both sides unchanged. */
    keptLive: number;
  };
  /** The ipBlock CIDRs of the policies, analysed as endpoints outside the pod network. */
  externalEndpoints: ExternalEndpoint[];
  ports: Array<
    Omit<AccessDiff, 'changes'> & {
      /** `port` stands for every port of its protocol that no policy and no pod names. */
      otherPorts: boolean;
      summary: string;
      changes: DescribedChange[];
    }
  >;
  openedFlows: number;
  closedFlows: number;
}

export function renderDiffJson(
  sets: CombinedPolicySets,
  analyses: readonly PortAnalysis[],
  externalEndpoints: ExternalEndpoint[],
): DiffReportJson {
  const ports = analyses.map(analysis => {
    const written = accessDiffAsWritten(analysis);
    return {
      ...analysis.diff,
      otherPorts: analysis.analysed.otherPorts,
      summary: summarizeAccessDiff(written),
      changes: analysis.diff.changes.map((change, index) => ({
        ...change,
        description: describeAccessChange(written.changes[index]),
      })),
    };
  });
  return {
    policies: {
      added: sets.added,
      removed: sets.removed,
      changed: sets.changed,
      keptLive: sets.keptLive,
    },
    externalEndpoints,
    ports,
    openedFlows: ports.reduce((sum, port) => sum + port.openedFlows, 0),
    closedFlows: ports.reduce((sum, port) => sum + port.closedFlows, 0),
  };
}
