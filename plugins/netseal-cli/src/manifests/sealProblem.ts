import {
  SEAL_ANNOTATION,
  SealCheck,
} from '@netseal/backstage-plugin-netseal-common';
import { Problem } from '../report/Problem';
import { formatFieldPath } from './formatFieldPath';
import { policyProblem } from './policyProblem';
import { PolicySite } from './PolicySite';

/** The field path of the seal annotation: `metadata.annotations["netseal.io/seal"]`. */
export const SEAL_ANNOTATION_PATH = formatFieldPath([
  'metadata',
  'annotations',
  SEAL_ANNOTATION,
]);

/** The problem a missing or stale seal is, or undefined when the seal matches. */
export function sealProblem(
  site: PolicySite,
  check: SealCheck,
): Problem | undefined {
  if (check.state === 'sealed') {
    return undefined;
  }
  return policyProblem(site, {
    path: SEAL_ANNOTATION_PATH,
    message: `${check.state} (expected ${check.expected})`,
    code: check.state === 'missing' ? 'seal-missing' : 'seal-stale',
  });
}
