import {
  checkSeal,
  NetworkPolicy,
  SEAL_ANNOTATION,
  SEALED_LABEL,
  SEALED_LABEL_VALUE,
  SealCheck,
  sealedLabelProblem,
  validateNetworkPolicy,
  validateSealedManifest,
  ValidationProblem,
  findPolicyAmbiguousScalars,
  PolicySite,
} from '@netseal/backstage-plugin-netseal-common';
import { Problem } from '../report/Problem';
import { policyProblem } from './policyProblem';

/** A policy netseal can seal: it is valid and unambiguous. */
export interface SealablePolicy {
  site: PolicySite;
  valid: true;
  /** The policy as written, its recorded seal included. */
  policy: NetworkPolicy;
  /**
   * The seal check of the policy as netseal seal leaves it, with the sealed label: `expected`
   * is the seal netseal seal writes, and `state` is `sealed` when the recorded seal is it.
   */
  check: SealCheck;
  /** Present when the sealed label is missing or wrong. */
  sealedLabel?: ValidationProblem;
  /**
   * The recorded seal is the seal of the policy as written, so only its label is missing
   * or wrong: sealed before the label was required, or relabelled by hand since. Nothing
   * else changed, and calling the seal stale would say otherwise.
   */
  sealedWithoutLabel: boolean;
}

/** What netseal makes of one policy: problems that keep it from being sealed, or its seal check. */
export type PolicyAssessment =
  | { site: PolicySite; valid: false; problems: Problem[] }
  | SealablePolicy;

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

function withSealedLabel(policy: NetworkPolicy): NetworkPolicy {
  return {
    ...policy,
    metadata: {
      ...policy.metadata,
      labels: { ...policy.metadata.labels, [SEALED_LABEL]: SEALED_LABEL_VALUE },
    },
  };
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

/** What `validateNetworkPolicy` finding nothing means; asking `isValidNetworkPolicy` would validate a second time. */
function isValidGiven(
  problems: readonly ValidationProblem[],
  _manifest: unknown,
): _manifest is NetworkPolicy {
  return problems.length === 0;
}

/**
 * Validates a policy and, when it is valid, checks its sealed label and its seal. An invalid
 * policy gets no seal check: a seal vouches for a policy the API server would accept, and
 * this one it would not. A seal annotation that is not a seal at all counts as stale, not as
 * invalid. The seal is checked against the policy with its sealed label, since labels are
 * part of the seal and netseal seal puts the label in before it seals.
 */
export function assessPolicy(
  site: PolicySite,
  options: {
    /**
     * Hold it to what a sealed manifest may carry (seal, verify); without, a live
     * object's runtime metadata is accepted (digest, diff).
     */
    sealedManifest?: boolean;
  } = {},
): PolicyAssessment {
  const { rest, recorded } = splitSeal(site.manifest);
  const validate = options.sealedManifest
    ? validateSealedManifest
    : validateNetworkPolicy;
  const validation = validate(rest);
  const problems: Problem[] = validation.map(problem =>
    policyProblem(site, {
      path: problem.path,
      message: problem.message,
      code: 'invalid',
    }),
  );
  for (const ambiguous of findPolicyAmbiguousScalars(site)) {
    problems.push(
      policyProblem(site, { ...ambiguous, code: 'ambiguous-yaml' }),
    );
  }
  if (problems.length > 0 || !isValidGiven(validation, rest)) {
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
  const sealedLabel = sealedLabelProblem(policy);
  if (!sealedLabel) {
    return {
      site,
      valid: true,
      policy,
      check: checkSeal(policy),
      sealedWithoutLabel: false,
    };
  }
  return {
    site,
    valid: true,
    policy,
    check: checkSeal(withSealedLabel(policy)),
    sealedLabel,
    // Without a recorded seal there is nothing to match; skip computing a second seal.
    sealedWithoutLabel:
      typeof recorded === 'string' &&
      recorded !== '' &&
      checkSeal(policy).state === 'sealed',
  };
}
