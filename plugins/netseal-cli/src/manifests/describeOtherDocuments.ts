import { OtherDocument } from '@netseal/backstage-plugin-netseal-common';

/** What a file holds instead of a NetworkPolicy, to follow "no NetworkPolicy": `, only ConfigMap at line 1`. */
export function describeOtherDocuments(
  others: readonly OtherDocument[],
): string {
  return others.length === 0
    ? ' (no documents at all)'
    : `, only ${others
        .map(
          other =>
            `${other.kind ?? 'a document without kind'} at line ${other.line}`,
        )
        .join(', ')}`;
}
