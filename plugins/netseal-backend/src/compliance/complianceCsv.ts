import type { ComplianceReport } from './buildComplianceReport';

/**
 * One CSV field as RFC 4180 writes it: quoted when it holds a quote, a comma or a line
 * break, quotes doubled. A text that a spreadsheet would run as a formula (`=`, `+`, `-`,
 * `@` first) is prefixed with `'`, as OWASP advises, so a field manager's name cannot
 * become a formula in an auditor's spreadsheet.
 */
export function csvField(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(
  header: readonly string[],
  rows: readonly (string | number | boolean | undefined)[][],
): string {
  return [header, ...rows]
    .map(row => row.map(csvField).join(','))
    .map(line => `${line}\r\n`)
    .join('');
}

/** One row per sealed policy and cluster. */
export function policiesCsv(report: ComplianceReport): string {
  return csv(
    [
      'cluster',
      'namespace',
      'name',
      'entity',
      'seal',
      'status',
      'in_sync_since',
      'in_sync_whole_window',
      'drifts',
      'provenance',
      'provenance_id',
      'requested_by',
      'approved_by',
      'merged_by',
      'merge_commit',
      'identity',
      'completed_at',
      'attestation_id',
    ],
    report.policies.map(p => [
      p.cluster,
      p.namespace,
      p.name,
      p.entityRef,
      p.seal,
      p.status,
      p.inSyncSince,
      p.inSyncWholeWindow,
      p.drifts,
      p.provenance?.kind ?? 'none',
      p.provenance?.id,
      p.provenance?.requestedBy,
      p.provenance?.approvers.join(' '),
      p.provenance?.mergedBy,
      p.provenance?.mergeCommit,
      p.provenance?.identity,
      p.provenance?.completedAt,
      p.attestationId,
    ]),
  );
}

/** One row per drift incident in the window. */
export function incidentsCsv(report: ComplianceReport): string {
  return csv(
    [
      'cluster',
      'namespace',
      'name',
      'entity',
      'status',
      'start',
      'end',
      'duration_seconds',
      'writer',
      'manager',
      'operation',
      'written_at',
      'ended_by',
    ],
    report.incidents.map(i => [
      i.cluster,
      i.namespace,
      i.name,
      i.entityRef,
      i.status,
      i.start,
      i.end,
      i.durationSeconds,
      i.attribution?.writer ?? 'unknown',
      i.attribution?.manager,
      i.attribution?.operation,
      i.attribution?.time,
      i.endedBy,
    ]),
  );
}
