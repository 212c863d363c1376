import { ChangeRequester, ChangeReview } from './NetsealChangeProvider';

/**
 * The approvals of a change that count, by DESIGN's rule 1: each reviewer's latest
 * decision (comments are not decisions) counts when it is an approval of the branch's
 * current head and the reviewer is not the requester. So the requester's own approval
 * never counts, an approval given before the last push does not count, and a reviewer
 * who approved and then requested changes has withdrawn their approval.
 *
 * Reviewers and the requester are compared without regard to case, as both GitHub
 * logins and catalog entity refs are.
 *
 * @public
 */
export function countApprovals(options: {
  reviews: ChangeReview[];
  headSha: string;
  requester: ChangeRequester;
}): number {
  const { reviews, headSha, requester } = options;
  const requesterNames = new Set(
    [requester.userEntityRef, requester.login]
      .filter((name): name is string => Boolean(name))
      .map(name => name.toLocaleLowerCase('en-US')),
  );
  const latestDecision = new Map<string, ChangeReview>();
  // Hosts write timestamps with and without milliseconds, so they are compared as times.
  const byTime = [...reviews].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at),
  );
  for (const review of byTime) {
    if (review.decision !== 'commented') {
      latestDecision.set(review.reviewer.toLocaleLowerCase('en-US'), review);
    }
  }
  let approvals = 0;
  for (const [reviewer, review] of latestDecision) {
    if (
      !requesterNames.has(reviewer) &&
      review.decision === 'approved' &&
      review.commitSha === headSha
    ) {
      approvals += 1;
    }
  }
  return approvals;
}
