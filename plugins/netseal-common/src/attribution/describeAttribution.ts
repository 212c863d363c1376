import type { DriftAttribution } from './types';

/**
 * An attribution in one sentence, for notifications and the portal:
 * `Changed by kubectl-edit (a manual edit, Update at 2026-12-06T12:03:11Z; generation 2).`
 * or `Who changed it is unknown: <reason>.`
 * @public
 */
export function describeAttribution(attribution: DriftAttribution): string {
  if (attribution.writer === 'unknown' || !attribution.manager) {
    return `Who changed it is unknown: ${
      attribution.reason ?? 'the cluster does not say'
    }.`;
  }
  const kind =
    attribution.writer === 'manual' ? 'a manual edit' : 'a controller write';
  const details = [
    kind,
    [attribution.operation, attribution.time ? `at ${attribution.time}` : '']
      .filter(Boolean)
      .join(' '),
  ].filter(Boolean);
  const generation =
    attribution.generation !== undefined
      ? `; generation ${attribution.generation}`
      : '';
  return `Changed by ${attribution.manager} (${details.join(
    ', ',
  )}${generation}).`;
}
