import { Fragment, ReactNode } from 'react';
import { withBreakOpportunities } from '../ReadableTable';
import { ShortSeal } from './ShortSeal';

const SEAL = /(sha256:[0-9a-f]{64})/;

/**
 * Text from the backend with every seal in it shortened, with its copy button, like the
 * seals in the tables: a whole seal is one 71-character word, wider than a drawer's column.
 */
export function withShortSeals(text: string): ReactNode {
  const parts = text.split(SEAL);
  if (parts.length === 1) {
    return withBreakOpportunities(text);
  }
  return parts.map((part, index) => (
    <Fragment key={index}>
      {index % 2 === 1 ? (
        <ShortSeal seal={part} />
      ) : (
        withBreakOpportunities(part)
      )}
    </Fragment>
  ));
}
