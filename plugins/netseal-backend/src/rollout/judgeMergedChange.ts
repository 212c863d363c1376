import {
  checkSeal,
  findNetworkPolicies,
  NetworkPolicy,
  parseManifestText,
} from '@netseal/backstage-plugin-netseal-common';
import type {
  ChangeReview,
  MergedChange,
} from '@netseal/backstage-plugin-netseal-node';
import type { StoredRequest } from '../database/RequestStore';

/** Whether a merged change may roll out, and if so the policies it brings. */
export type MergedChangeJudgement =
  | {
      ok: true;
      /** The reviewers whose approvals counted. */
      approvedBy: string[];
      /** Each added or replaced policy as merged, by `cluster/namespace/name`. */
      mergedPolicies: Map<string, NetworkPolicy>;
    }
  | { ok: false; reasons: string[] };

const WHY_NOT_COUNTED: Record<
  NonNullable<ChangeReview['notCountedBecause']>,
  string
> = {
  requester: "is the requester's own",
  stale: 'was given for an older commit than the merged head',
  withdrawn: 'was withdrawn by a later request for changes',
  'no-write-access': 'is by a user without write access to the repository',
};

export function policyKey(policy: {
  cluster: string;
  namespace: string;
  name: string;
}): string {
  return `${policy.cluster}/${policy.namespace}/${policy.name}`;
}

/**
 * DESIGN rule 1 at the moment of rollout: the change must be merged into the policy
 * source's own branch, still be on it, have the approvals required (the requester's
 * own, approvals of older commits and approvals by users without write access never
 * count), and the merged files must carry exactly the seals the request recorded. So a
 * forged or replayed event, a merge into another branch, or a commit pushed after the
 * approvals changes nothing. Every reason that refuses it is named.
 */
export function judgeMergedChange(options: {
  request: StoredRequest;
  merged: MergedChange;
  requiredApprovals: number;
}): MergedChangeJudgement {
  const { request, merged, requiredApprovals } = options;
  const change = request.changeRef
    ? `change ${request.changeRef.changeId}`
    : 'the change';
  const reasons: string[] = [];
  if (merged.state !== 'merged') {
    reasons.push(
      `${change} is ${merged.state}, not merged; only a merged change rolls out`,
    );
    return { ok: false, reasons };
  }
  if (
    merged.mergedInto !== undefined &&
    merged.mergedInto !== merged.baseBranch
  ) {
    reasons.push(
      `${change} was merged into ${merged.mergedInto}, not into ${merged.baseBranch}, the branch of the policy source`,
    );
  }
  if (!merged.mergeCommitOnBase) {
    reasons.push(
      `the merge commit ${merged.mergeCommitSha ?? '(none)'} is not on ${
        merged.baseBranch
      }; it was force-pushed away or never landed there`,
    );
  }
  if (merged.approvals < requiredApprovals) {
    const uncounted = merged.reviews
      .filter(review => review.decision === 'approved' && !review.counted)
      .map(
        review =>
          `${review.reviewer}'s approval ${
            review.notCountedBecause
              ? WHY_NOT_COUNTED[review.notCountedBecause]
              : 'does not count'
          }`,
      );
    reasons.push(
      `${change} has ${
        merged.approvals
      } of the ${requiredApprovals} approvals it needs${
        uncounted.length > 0 ? ` (${uncounted.join('; ')})` : ''
      }`,
    );
  }

  const mergedPolicies = new Map<string, NetworkPolicy>();
  const at = merged.mergeCommitSha
    ? ` at ${merged.mergeCommitSha.slice(0, 12)}`
    : '';
  for (const stored of request.changes) {
    const name = `${stored.namespace}/${stored.name}`;
    const text = merged.files[stored.file];
    const site = text ? findPolicy(stored.file, text, stored) : undefined;
    if (typeof site === 'string') {
      reasons.push(site);
      continue;
    }
    if (stored.op === 'remove') {
      if (site) {
        reasons.push(
          `${stored.file}${at} still holds ${name}, which the request removes`,
        );
      }
      continue;
    }
    if (!site) {
      reasons.push(`${stored.file}${at} does not hold ${name}`);
      continue;
    }
    const seal = checkSeal(site);
    if (seal.state !== 'sealed' || seal.recorded !== stored.newSeal) {
      reasons.push(
        `${name} in ${stored.file}${at} has seal ${seal.recorded ?? '(none)'}${
          seal.state === 'stale' ? ', which does not match its content' : ''
        }, not the reviewed seal ${stored.newSeal}`,
      );
      continue;
    }
    mergedPolicies.set(policyKey(stored), site);
  }
  if (reasons.length > 0) return { ok: false, reasons };
  return {
    ok: true,
    approvedBy: merged.reviews
      .filter(review => review.counted)
      .map(review => review.reviewer),
    mergedPolicies,
  };
}

/** The policy in the merged file, none, or why the file cannot be read. */
function findPolicy(
  file: string,
  text: string,
  policy: { namespace: string; name: string },
): NetworkPolicy | undefined | string {
  const parsed = parseManifestText({ display: file }, text);
  if ('problems' in parsed) {
    return `${file} cannot be read as merged (${parsed.problems
      .map(problem => problem.message)
      .join('; ')})`;
  }
  const site = findNetworkPolicies(parsed.file).policies.find(
    candidate =>
      candidate.namespace === policy.namespace &&
      candidate.name === policy.name,
  );
  return site ? (site.manifest as NetworkPolicy) : undefined;
}
