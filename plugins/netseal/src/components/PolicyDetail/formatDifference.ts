import type { FieldDifference } from '@netseal/backstage-plugin-netseal-common';

/** "spec.ingress[0].ports[0].port: sealed 8443, live 9443"; a side the field is missing from is "absent". */
export function formatDifference(difference: FieldDifference): string {
  return `${difference.path}: sealed ${formatValue(
    difference.sealed,
  )}, live ${formatValue(difference.live)}`;
}

function formatValue(value: unknown): string {
  if (value === undefined) {
    return 'absent';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
