import type { CSSProperties } from 'react';

/**
 * Styles of a column that needs only its content's width (a cluster, a date, a short
 * id): it shrinks to it and its cells stay on one line, leaving the rest of the table
 * to the columns that hold sentences. Its title may wrap between words ("Last /
 * checked"). New objects each call: Backstage's Table writes into a highlighted
 * column's styles.
 */
export function fitContent(): {
  width: string;
  cellStyle: CSSProperties;
} {
  return {
    width: '1%',
    cellStyle: { whiteSpace: 'nowrap' },
  };
}
