import {
  SEAL_ANNOTATION,
  formatFieldPath,
} from '@netseal/backstage-plugin-netseal-common';
import { Problem } from '../report/Problem';
import { SealablePolicy } from './assessPolicy';
import { policyProblem } from './policyProblem';

/** The field path of the seal annotation: `metadata.annotations["netseal.io/seal"]`. */
export const SEAL_ANNOTATION_PATH = formatFieldPath([
  'metadata',
  'annotations',
  SEAL_ANNOTATION,
]);

/**
 * What keeps a valid policy from being sealed as it stands: a missing or wrong sealed
 * label, and a missing or stale seal. A seal that matches the policy as written, when only
 * its label is missing, is not called stale: the label is the one thing to fix, and
 * `netseal seal` reseals after adding it.
 */
export function sealingProblems(assessment: SealablePolicy): Problem[] {
  const { site, check, sealedLabel } = assessment;
  const problems: Problem[] = [];
  if (sealedLabel) {
    problems.push(
      policyProblem(site, {
        path: sealedLabel.path,
        message: sealedLabel.message,
        code: 'sealed-label',
      }),
    );
  }
  if (check.state !== 'sealed' && !assessment.sealedWithoutLabel) {
    problems.push(
      policyProblem(site, {
        path: SEAL_ANNOTATION_PATH,
        message: `${check.state} (expected ${check.expected})`,
        code: check.state === 'missing' ? 'seal-missing' : 'seal-stale',
      }),
    );
  }
  return problems;
}
