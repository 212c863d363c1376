import {
  checkSeal,
  isValidNetworkPolicy,
  NetworkPolicy,
  SEAL_ANNOTATION,
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The manifest without its seal annotation, and the annotation's value. Validation looks at
 * the rest: a malformed seal (a typo, an old format) is what `netseal seal` is there to
 * replace, so it must not make the policy unsealable.
 */
function splitSeal(manifest: unknown): { rest: unknown; recorded: unknown } {
  if (!isRecord(manifest) || !isRecord(manifest.metadata)) {
    return { rest: manifest, recorded: undefined };
  }
  const annotations = manifest.metadata.annotations;
  if (!isRecord(annotations) || !(SEAL_ANNOTATION in annotations)) {
    return { rest: manifest, recorded: undefined };
  }
  const { [SEAL_ANNOTATION]: recorded, ...otherAnnotations } = annotations;
  const { annotations: _sealed, ...otherMetadata } = manifest.metadata;
  const metadata =
    Object.keys(otherAnnotations).length > 0
      ? { ...otherMetadata, annotations: otherAnnotations }
      : otherMetadata;
  return { rest: { ...manifest, metadata }, recorded };
}

function withSeal(policy: NetworkPolicy, seal: string): NetworkPolicy {
  return {
    ...policy,
    metadata: {
      ...policy.metadata,
      annotations: { ...policy.metadata.annotations, [SEAL_ANNOTATION]: seal },
    },
  };
}

/**
 * Validates a policy and, when it is valid, checks its seal. An invalid policy gets no seal
 * check: a seal vouches for a policy the API server would accept, and this one it would not.
 * A seal annotation that is not a seal at all counts as stale, not as invalid.
 */
export function assessPolicy(site: PolicySite): PolicyAssessment {
  const { rest, recorded } = splitSeal(site.manifest);
  const problems: Problem[] = validateNetworkPolicy(rest).map(problem =>
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
  if (problems.length > 0 || !isValidNetworkPolicy(rest)) {
    return { site, valid: false, problems };
  }
  const policy =
    recorded === undefined
      ? rest
      : // checkSeal calls a recorded value that is no seal stale; any string will do for that.
        withSeal(
          rest,
          typeof recorded === 'string'
            ? recorded
            : JSON.stringify(recorded) ?? '',
        );
  return { site, valid: true, policy, check: checkSeal(policy) };
}
