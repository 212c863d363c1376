import { checkSeal } from '../seal/checkSeal';
import { computeSeal } from '../seal/computeSeal';
import {
  dns1123LabelProblems,
  dns1123SubdomainProblems,
} from '../validation/kubernetesNames';
import { unsafeTextProblem } from '../validation/unsafeText';
import { clusterNameProblems } from './clusterNameProblems';
import {
  MAX_REQUEST_CHANGES,
  MAX_REQUEST_MANIFEST_BYTES,
  MAX_REQUEST_MANIFEST_SIZE_TEXT,
} from './limits';
import {
  ExistingSealedPolicy,
  RequestChange,
  RequestContext,
  RequestProblem,
  RequestValidation,
  ValidatedRequestChange,
} from './RequestChange';
import { resealManifest, withSealedLabel } from './resealManifest';

const OPS: ReadonlySet<string> = new Set(['replace', 'add', 'remove']);

function policyKey(cluster: string, namespace: string, name: string): string {
  return JSON.stringify([cluster, namespace, name]);
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

function listed(values: readonly string[]): string {
  return values.length === 0
    ? 'none'
    : values.map(value => `"${value}"`).join(', ');
}

/** The seal a sealed policy has: the one recorded, or failing that the one it should have. */
function sealOf(existing: ExistingSealedPolicy): string {
  const check = checkSeal(existing.manifest);
  return check.recorded || check.expected;
}

/**
 * Checks one change's identity: its op, and a cluster, namespace and name that the entity
 * targets and that are safe in file paths and branch names.
 */
function identityProblems(
  change: RequestChange,
  at: string,
  context: RequestContext,
): RequestProblem[] {
  const problems: RequestProblem[] = [];
  if (!OPS.has(change.op)) {
    problems.push({
      field: `${at}.op`,
      message: 'must be "replace", "add" or "remove"',
    });
  }
  const fields = [
    ['cluster', change.cluster, clusterNameProblems],
    ['namespace', change.namespace, dns1123LabelProblems],
    ['name', change.name, dns1123SubdomainProblems],
  ] as const;
  for (const [field, value, problemsOf] of fields) {
    if (typeof value !== 'string') {
      problems.push({ field: `${at}.${field}`, message: `is required` });
      continue;
    }
    for (const message of problemsOf(value)) {
      problems.push({ field: `${at}.${field}`, message });
    }
  }
  if (problems.length > 0) {
    return problems;
  }
  if (!context.clusters.includes(change.cluster)) {
    problems.push({
      field: `${at}.cluster`,
      message: `"${
        change.cluster
      }" is not a cluster this entity targets; choose one of ${listed(
        context.clusters,
      )}`,
    });
  }
  if (!context.namespaces.includes(change.namespace)) {
    problems.push({
      field: `${at}.namespace`,
      message: `"${
        change.namespace
      }" is not a namespace this entity targets; choose one of ${listed(
        context.namespaces,
      )}`,
    });
  }
  return problems;
}

/** Validates and reseals the manifest of a `replace` or `add`. */
function manifestChange(
  change: RequestChange,
  at: string,
  existing: ExistingSealedPolicy | undefined,
): { problems: RequestProblem[] } | { change: ValidatedRequestChange } {
  const field = `${at}.manifest`;
  const text = change.manifest;
  if (typeof text !== 'string') {
    return {
      problems: [
        {
          field,
          message: `is required for "${change.op}": write the NetworkPolicy's YAML`,
        },
      ],
    };
  }
  // Characters never outnumber UTF-8 bytes, so a huge text is refused before it is encoded.
  if (
    text.length > MAX_REQUEST_MANIFEST_BYTES ||
    byteLength(text) > MAX_REQUEST_MANIFEST_BYTES
  ) {
    return {
      problems: [
        {
          field,
          message: `is larger than ${MAX_REQUEST_MANIFEST_SIZE_TEXT}; a NetworkPolicy is a few kilobytes, so split it into several policies`,
        },
      ],
    };
  }
  // The text is committed as written, comments included, and shown in the pull request.
  const unsafe = unsafeTextProblem(text, { multiline: true });
  if (unsafe) {
    return { problems: [{ field, message: unsafe }] };
  }
  const resealed = resealManifest(text);
  if ('problems' in resealed) {
    return {
      problems: resealed.problems.map(problem => ({
        field: problem.path ? `${field}: ${problem.path}` : field,
        message: problem.message,
      })),
    };
  }
  const problems: RequestProblem[] = [];
  const { metadata } = resealed.policy;
  if (metadata.name !== change.name) {
    problems.push({
      field: `${field}: metadata.name`,
      message: `is "${metadata.name}" but the change is for "${change.name}"; make them the same`,
    });
  }
  if (metadata.namespace !== change.namespace) {
    problems.push({
      field: `${field}: metadata.namespace`,
      message: `is ${
        metadata.namespace === undefined ? 'missing' : `"${metadata.namespace}"`
      } but the change is for namespace "${change.namespace}"; set it to "${
        change.namespace
      }"`,
    });
  }
  if (
    problems.length === 0 &&
    existing &&
    computeSeal(withSealedLabel(existing.manifest)) === resealed.seal
  ) {
    problems.push({
      field,
      message: `is the same policy as the sealed one (seal ${resealed.seal}), so the change changes nothing; edit the policy, or drop the change`,
    });
  }
  if (problems.length > 0) {
    return { problems };
  }
  return {
    change: {
      ...change,
      policy: resealed.policy,
      ...(existing ? { oldSeal: sealOf(existing) } : {}),
      newSeal: resealed.seal,
      text: resealed.text,
    },
  };
}

/**
 * Validates a replacement request's changes against the entity they are for, and reseals
 * every new or replaced manifest. Pure: the server runs it on every request, trusting
 * nothing the portal already checked, and the portal runs it for live validation.
 *
 * @public
 */
export function validateRequestChanges(
  changes: readonly RequestChange[],
  context: RequestContext,
): RequestValidation {
  if (!Array.isArray(changes) || changes.length === 0) {
    return {
      ok: false,
      problems: [
        {
          field: 'changes',
          message:
            'must hold at least one change: replace, add or remove a policy',
        },
      ],
    };
  }
  if (changes.length > MAX_REQUEST_CHANGES) {
    return {
      ok: false,
      problems: [
        {
          field: 'changes',
          message: `holds ${changes.length} changes, more than the ${MAX_REQUEST_CHANGES} one request may hold; split it into several requests`,
        },
      ],
    };
  }
  const existingByKey = new Map(
    context.existing.map(policy => [
      policyKey(policy.cluster, policy.namespace, policy.name),
      policy,
    ]),
  );
  const liveOnlyKeys = new Set(
    (context.liveOnly ?? []).map(policy =>
      policyKey(policy.cluster, policy.namespace, policy.name),
    ),
  );
  const firstChangeByKey = new Map<string, number>();
  const problems: RequestProblem[] = [];
  const validated: ValidatedRequestChange[] = [];

  changes.forEach((change, index) => {
    const at = `changes[${index}]`;
    const identity = identityProblems(change, at, context);
    if (identity.length > 0) {
      problems.push(...identity);
      return;
    }
    const key = policyKey(change.cluster, change.namespace, change.name);
    const first = firstChangeByKey.get(key);
    if (first !== undefined) {
      problems.push({
        field: `${at}.name`,
        message: `changes[${first}] already changes this policy; combine them into one change`,
      });
      return;
    }
    firstChangeByKey.set(key, index);
    const existing = existingByKey.get(key);
    const where = `"${change.namespace}/${change.name}" in cluster "${change.cluster}"`;

    if (change.op === 'remove') {
      if (!existing && !liveOnlyKeys.has(key)) {
        problems.push({
          field: `${at}.name`,
          message: `there is no sealed policy ${where} to remove, nor a live-only one; choose one of the entity's sealed or live-only policies`,
        });
      } else if (change.manifest !== undefined) {
        problems.push({
          field: `${at}.manifest`,
          message: 'must be left out: a removal carries no manifest',
        });
      } else {
        validated.push(
          existing ? { ...change, oldSeal: sealOf(existing) } : { ...change },
        );
      }
      return;
    }
    if (change.op === 'add' && existing) {
      problems.push({
        field: `${at}.name`,
        message: `a sealed policy ${where} already exists; replace it instead, or choose another name`,
      });
      return;
    }
    if (change.op === 'replace' && !existing) {
      problems.push({
        field: `${at}.name`,
        message: `there is no sealed policy ${where} to replace; add it instead`,
      });
      return;
    }
    const result = manifestChange(change, at, existing);
    if ('problems' in result) {
      problems.push(...result.problems);
    } else {
      validated.push(result.change);
    }
  });

  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, changes: validated };
}
