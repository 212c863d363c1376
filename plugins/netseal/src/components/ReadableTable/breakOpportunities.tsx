import { Fragment, ReactNode } from 'react';

// After a slash or a colon: between the parts of a path, a URL, a host and port, or
// a Kubernetes username (system:serviceaccount:ns:name).
const AFTER_SEPARATOR = /(?<=[/:])(?=[^/:\s])/;

/**
 * Text with line-break opportunities between the parts of long tokens (paths, URLs,
 * usernames), so that a long token wraps where a reader expects instead of widening
 * its table column or being broken at an arbitrary letter.
 */
export function withBreakOpportunities(text: string): ReactNode {
  const parts = text.split(AFTER_SEPARATOR);
  if (parts.length === 1) {
    return text;
  }
  return parts.map((part, index) => (
    <Fragment key={index}>
      {index > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}
