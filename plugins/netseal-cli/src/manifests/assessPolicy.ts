import {
  checkSeal,
  isValidNetworkPolicy,
  NetworkPolicy,
  SealCheck,
  validateNetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import { Problem } from '../report/Problem';
import { findAmbiguousScalars } from './findAmbiguousScalars';
import { policyProblem } from './policyProblem';
import { PolicySite } from './PolicySite';

/** What netseal makes of one policy: problems that keep it from being sealed, or its seal check. */
export type PolicyAssessment =
  | { site: PolicySite; valid: false; problems: Problem[] }
  | { site: PolicySite; valid: true; policy: NetworkPolicy; check: SealCheck };

/**
 * Validates a policy and, when it is valid, checks its seal. An invalid policy gets no seal
 * check: a seal vouches for a policy the API server would accept, and this one it would not.
 */
export function assessPolicy(site: PolicySite): PolicyAssessment {
  const problems: Problem[] = validateNetworkPolicy(site.manifest).map(
    problem =>
      policyProblem(site, {
        path: problem.path,
        message: problem.message,
        code: 'invalid',
      }),
  );
  for (const ambiguous of findAmbiguousScalars(
    site.document.yaml,
    site.file.lineCounter,
    site.basePath,
  )) {
    problems.push(
      policyProblem(site, { ...ambiguous, code: 'ambiguous-yaml' }),
    );
  }
  const policy = site.manifest;
  if (problems.length > 0 || !isValidNetworkPolicy(policy)) {
    return { site, valid: false, problems };
  }
  return { site, valid: true, policy, check: checkSeal(policy) };
}
